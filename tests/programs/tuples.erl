-module(tuples).
-export([main/0, id/1]).

%% Tuple BIFs, tuple patterns and tuple-based errors.

id(X) -> X.

main() ->
    T = {a, b, c, d},
    io:format("~p ~p ~p~n", [element(1, T), element(4, T), tuple_size(T)]),
    io:format("~p~n", [setelement(2, T, x)]),
    io:format("~p~n", [T]),
    io:format("~p~n", [erlang:make_tuple(3, z)]),
    io:format("~p~n", [erlang:make_tuple(5, 0, [{2, two}, {4, four}, {2, deux}])]),
    io:format("~p~n", [erlang:append_element(T, e)]),
    io:format("~p~n", [erlang:append_element({}, first)]),
    io:format("~p~n", [tuple_to_list(T)]),
    io:format("~p~n", [list_to_tuple([1, "two", 3.0])]),
    io:format("~p ~p~n", [{}, tuple_size({})]),
    io:format("~p~n", [size({1, 2, 3})]),
    {X, Y, _} = ?MODULE:id({1, 2, 3}),
    io:format("~p ~p~n", [X, Y]),
    Big = list_to_tuple(lists:seq(1, 1000)),
    io:format("~p ~p~n", [tuple_size(Big), element(777, Big)]),
    Big2 = setelement(1000, Big, last),
    io:format("~p ~p~n", [element(1000, Big2), element(1000, Big)]),
    Nested = {{1, {2, {3, {4}}}}, [{5}]},
    {{_, {_, {Three, _}}}, [{Five}]} = Nested,
    io:format("~p ~p~n", [Three, Five]),
    Errors = [fun() -> element(0, ?MODULE:id(T)) end,
              fun() -> element(5, ?MODULE:id(T)) end,
              fun() -> element(1, ?MODULE:id([a])) end,
              fun() -> setelement(9, ?MODULE:id(T), x) end,
              fun() -> tuple_size(?MODULE:id([])) end,
              fun() -> erlang:make_tuple(-1, a) end,
              fun() -> list_to_tuple(?MODULE:id([a | b])) end],
    lists:foreach(
      fun(F) ->
              R = try F() catch C:E -> {C, E} end,
              io:format("~p~n", [R])
      end, Errors),
    io:format("~p~n", [is_tuple(T) andalso is_tuple({}) andalso not is_tuple([])]),
    io:format("~p~n", [swap({left, right})]),
    io:format("~p~n", [lists:map(fun erlang:tuple_size/1, [{}, {1}, {1, 2}])]),
    ok.

swap({A, B}) -> {B, A}.
