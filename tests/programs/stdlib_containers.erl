%% Pure-Erlang containers of OTP's stdlib, run from OTP's own .beam files:
%% dict, orddict, queue, array, sets, ordsets, gb_sets, gb_trees,
%% proplists, digraph (on ETS) and friends.
-module(stdlib_containers).
-export([main/0]).

main() ->
    D = lists:foldl(fun(K, Acc) -> dict:update_counter(K, 1, Acc) end,
                    dict:new(), [a, b, a, c, a, b]),
    io:format("dict: ~p~n", [lists:sort(dict:to_list(D))]),
    io:format("dict find: ~p ~p~n", [dict:find(a, D), dict:find(z, D)]),
    O = orddict:store(b, 2, orddict:store(a, 1, orddict:new())),
    io:format("orddict: ~p~n", [orddict:to_list(orddict:append(c, 3, O))]),
    Q0 = queue:from_list([1, 2, 3]),
    Q1 = queue:in(4, queue:in_r(0, Q0)),
    {{value, First}, Q2} = queue:out(Q1),
    io:format("queue: ~p ~p ~p ~p~n",
              [First, queue:to_list(Q2), queue:len(Q2), queue:peek_r(Q2)]),
    A0 = array:new([{default, 0}]),
    A1 = array:set(10, x, array:set(3, y, A0)),
    io:format("array: ~p ~p ~p ~p~n",
              [array:size(A1), array:get(3, A1), array:get(5, A1),
               array:sparse_to_orddict(A1)]),
    F = array:foldl(fun(I, V, Acc) -> [{I, V} | Acc] end, [], array:from_list([p, q, r])),
    io:format("array foldl: ~p~n", [F]),
    S = sets:from_list([3, 1, 2, 3], [{version, 2}]),
    io:format("sets: ~p ~p~n", [lists:sort(sets:to_list(S)), sets:is_element(2, S)]),
    io:format("ordsets: ~p~n", [ordsets:union([1, 3], [2, 3, 4])]),
    G = gb_sets:from_list([5, 1, 4]),
    io:format("gb_sets: ~p ~p~n", [gb_sets:to_list(G), gb_sets:smallest(G)]),
    T = gb_trees:enter(k2, v2, gb_trees:insert(k1, v1, gb_trees:empty())),
    io:format("gb_trees: ~p ~p~n", [gb_trees:to_list(T), gb_trees:lookup(k1, T)]),
    io:format("proplists: ~p ~p~n",
              [proplists:get_value(b, [{a, 1}, {b, 2}]), proplists:get_bool(c, [c])]),
    Graph = digraph:new(),
    [digraph:add_vertex(Graph, V) || V <- [a, b, c, d]],
    digraph:add_edge(Graph, a, b), digraph:add_edge(Graph, b, c), digraph:add_edge(Graph, a, d),
    io:format("digraph: ~p ~p~n",
              [digraph:get_path(Graph, a, c), lists:sort(digraph_utils:reachable([a], Graph))]),
    %% Several orders are valid, and which one topsort returns follows the
    %% ETS traversal order, so only the order's validity is printed.
    Sorted = digraph_utils:topsort(Graph),
    Position = fun(V) -> length(lists:takewhile(fun(W) -> W =/= V end, Sorted)) end,
    Respected = lists:all(fun(E) ->
                                  {_, From, To, _} = digraph:edge(Graph, E),
                                  Position(From) < Position(To)
                          end, digraph:edges(Graph)),
    io:format("topsort: ~p ~p~n", [lists:sort(Sorted), Respected]),
    io:format("string: ~p ~p~n", [string:split("a,b,c", ",", all), string:uppercase("cordon")]),
    io:format("base64: ~p~n", [base64:encode(<<"cordon">>)]),
    io:format("calendar: ~p~n", [calendar:gregorian_days_to_date(738000)]),
    io:format("uri_string: ~p~n", [uri_string:parse("http://example.com:8080/p?q=1")]),
    io:format("rand: ~p~n", [begin rand:seed(exsss, {1, 2, 3}), [rand:uniform(100) || _ <- lists:seq(1, 5)] end]),
    io:format("erl_scan/parse: ~p~n", [begin {ok, Ts, _} = erl_scan:string("1 + 2 * 3."), {ok, [E]} = erl_parse:parse_exprs(Ts), erl_eval:expr(E, [])end]).
