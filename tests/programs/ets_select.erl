-module(ets_select).
-export([main/0]).
-include_lib("stdlib/include/ms_transform.hrl").

%% match, match_object, select, select_count, select_delete,
%% select_replace and match specifications, from fun2ms and by hand.

try_(F) ->
    try F() catch C:R -> {C, R} end.

main() ->
    lists:foreach(fun run/1, [set, ordered_set, bag, duplicate_bag]),
    ordered(),
    chunks(),
    specs(),
    replace(),
    test_ms().

fill(T) ->
    ets:insert(T, [{I, I rem 3, integer_to_list(I)} || I <- lists:seq(1, 12)]),
    ets:insert(T, [{a, x, "atom"}, {{t, 1}, y, "tuple"}]).

run(Type) ->
    T = ets:new(t, [Type]),
    fill(T),
    io:format("~p match: ~p~n", [Type, lists:sort(ets:match(T, {'$1', 0, '_'}))]),
    io:format("~p match two: ~p~n", [Type, lists:sort(ets:match(T, {'$2', '$1', '_'}))]),
    io:format("~p match_object: ~p~n", [Type, lists:sort(ets:match_object(T, {'_', 1, '_'}))]),
    io:format("~p match key: ~p~n", [Type, ets:match_object(T, {5, '_', '_'})]),
    MS = ets:fun2ms(fun({K, R, S}) when is_integer(K), K > 6, R =/= 0 -> {S, K * 2} end),
    io:format("~p select fun2ms: ~p~n", [Type, lists:sort(ets:select(T, MS))]),
    Hand = [{{'$1', '$2', '_'}, [{'orelse', {is_atom, '$1'}, {is_tuple, '$1'}}], [['$2' | '$1']]}],
    io:format("~p select by hand: ~p~n", [Type, lists:sort(ets:select(T, Hand))]),
    Count = ets:fun2ms(fun({K, _, _}) when is_integer(K), K rem 2 =:= 0 -> true end),
    io:format("~p select_count: ~p~n", [Type, ets:select_count(T, Count)]),
    io:format("~p select_delete: ~p~n", [Type, ets:select_delete(T, Count)]),
    io:format("~p left: ~p~n", [Type, lists:sort(ets:tab2list(T))]),
    io:format("~p match_delete: ~p ~p~n",
              [Type, ets:match_delete(T, {'_', 1, '_'}), lists:sort(ets:tab2list(T))]),
    io:format("~p foldl: ~p~n",
              [Type, lists:sort(ets:foldl(fun({K, _, _}, Acc) -> [K | Acc] end, [], T))]),
    io:format("~p foldr count: ~p~n", [Type, ets:foldr(fun(_, N) -> N + 1 end, 0, T)]).

ordered() ->
    O = ets:new(o, [ordered_set]),
    fill(O),
    io:format("match order: ~p~n", [ets:match(O, {'$1', '_', '_'})]),
    io:format("select_reverse: ~p~n",
              [ets:select_reverse(O, [{{'$1', 0, '_'}, [], ['$1']}])]),
    Walk = fun W('$end_of_table', Acc) -> lists:reverse(Acc);
               W(K, Acc) -> W(ets:next(O, K), [K | Acc]) end,
    io:format("first/next: ~p~n", [Walk(ets:first(O), [])]),
    Back = fun B('$end_of_table', Acc) -> lists:reverse(Acc);
               B(K, Acc) -> B(ets:prev(O, K), [K | Acc]) end,
    io:format("last/prev: ~p~n", [Back(ets:last(O), [])]),
    io:format("next of absent key: ~p ~p~n", [ets:next(O, 6.5), ets:prev(O, 6.5)]),
    io:format("foldl: ~p~n", [ets:foldl(fun({K, _, _}, Acc) -> [K | Acc] end, [], O)]),
    io:format("foldr: ~p~n", [ets:foldr(fun({K, _, _}, Acc) -> [K | Acc] end, [], O)]),
    E = ets:new(e, [ordered_set]),
    io:format("empty: ~p ~p~n", [ets:first(E), ets:last(E)]),
    S = ets:new(s, [set]),
    io:format("set next of absent key: ~p~n", [try_(fun() -> ets:next(S, nokey) end)]),
    ets:insert(S, [{I} || I <- lists:seq(1, 50)]),
    SWalk = fun W2('$end_of_table', N) -> N; W2(K, N) -> W2(ets:next(S, K), N + 1) end,
    io:format("set walk visits: ~p~n", [SWalk(ets:first(S), 0)]),
    ets:safe_fixtable(S, true),
    Deleting = fun D('$end_of_table', N) -> N;
                   D(K, N) -> ets:delete(S, K), D(ets:next(S, K), N + 1) end,
    io:format("fixed walk while deleting: ~p ~p~n", [Deleting(ets:first(S), 0), ets:info(S, size)]),
    ets:safe_fixtable(S, false),
    io:format("slot: ~p~n", [[try_(fun() -> ets:slot(O, I) end) || I <- [0, 13, 14, 15]]]).

chunks() ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{I, I * I} || I <- lists:seq(1, 10)]),
    {C1, K1} = ets:select(O, [{{'$1', '$2'}, [], ['$2']}], 4),
    {C2, K2} = ets:select(K1),
    {C3, K3} = ets:select(K2),
    io:format("chunks: ~p ~p ~p ~p~n", [C1, C2, C3, K3]),
    io:format("after end: ~p~n", [ets:select(K3)]),
    io:format("exact fit: ~p~n", [element(1, ets:select(O, [{'_', [], ['$_']}], 10))]),
    io:format("nothing: ~p~n", [ets:select(O, [{{'$1', x}, [], ['$1']}], 3)]),
    {R1, M1} = ets:match(O, {'$1', '_'}, 3),
    {R2, _} = ets:match(M1),
    io:format("match chunks: ~p ~p~n", [R1, R2]),
    {O1, _} = ets:match_object(O, {'_', '_'}, 2),
    io:format("match_object chunk: ~p~n", [O1]),
    {V1, VK} = ets:select_reverse(O, [{{'$1', '_'}, [], ['$1']}], 4),
    {V2, _} = ets:select_reverse(VK),
    io:format("reverse chunks: ~p ~p~n", [V1, V2]),
    {D1, DK} = ets:select(O, [{{'$1', '_'}, [], ['$1']}], 3),
    ets:delete(O, lists:last(D1)),
    {D2, _} = ets:select(DK),
    io:format("continue after a deleted key: ~p ~p~n", [D1, D2]),
    S = ets:new(s, [set]),
    ets:insert(S, [{I} || I <- lists:seq(1, 25)]),
    Collect = fun F('$end_of_table', Acc) -> Acc;
                  F({Rs, K}, Acc) -> F(ets:select(K), Acc ++ Rs) end,
    All = Collect(ets:select(S, [{{'$1'}, [], ['$1']}], 7), []),
    io:format("set chunks: ~p ~p~n", [length(All), lists:sort(All) =:= lists:seq(1, 25)]),
    io:format("bad limit: ~p~n", [try_(fun() -> ets:select(O, [{'_', [], [true]}], 0) end)]),
    io:format("bad continuation: ~p~n", [try_(fun() -> ets:select({nonsense}) end)]).

specs() ->
    T = ets:new(t, [ordered_set]),
    ets:insert(T, [{1, a, [x, y]}, {2, b, #{k => v}}, {3, c, {p, q}}, {4, d, <<"bin">>}]),
    Sel = fun(MS) -> try_(fun() -> ets:select(T, MS) end) end,
    io:format("bindings: ~p~n", [Sel([{{'$1', '$2', '_'}, [], ['$$']}])]),
    io:format("object: ~p~n", [Sel([{{1, '_', '_'}, [], ['$_']}])]),
    io:format("const: ~p~n", [Sel([{{'$1', '_', '_'}, [{'<', '$1', 2}], [{const, '$1'}]}])]),
    io:format("tuple and list: ~p~n",
              [Sel([{{'$1', '$2', '_'}, [{'<', '$1', 3}], [{{'$2', ['$1', '$1'], {{}}}}]}])]),
    io:format("map body: ~p~n", [Sel([{{'$1', '$2', '_'}, [{'<', '$1', 3}], [#{'$2' => '$1'}]}])]),
    io:format("map head: ~p~n", [Sel([{{'$1', '_', #{k => '$2'}}, [], ['$2']}])]),
    io:format("list head: ~p~n", [Sel([{{'_', '_', ['$1' | '_']}, [], ['$1']}])]),
    io:format("repeated variable: ~p~n", [Sel([{{'$1', '_', {'$2', '$2'}}, [], ['$1']}])]),
    io:format("guard bifs: ~p~n",
              [Sel([{{'$1', '$2', '$3'},
                     [{is_map, '$3'}, {'==', {map_get, k, '$3'}, v}, {is_map_key, k, '$3'},
                      {'=:=', {map_size, '$3'}, 1}],
                     [{element, 1, '$_'}]},
                    {{'$1', '_', '$3'},
                     [{is_binary, '$3'}, {'>', {byte_size, '$3'}, 2}],
                     [{'+', {abs, {'-', '$1'}}, {length, [1, 2]}}]},
                    {{'$1', '_', '$3'},
                     [{is_list, '$3'}, {'=:=', {hd, '$3'}, x}, {'=:=', {tl, '$3'}, [y]}],
                     [{'div', {'*', '$1', 10}, 3}]}])]),
    io:format("self: ~p~n", [Sel([{{1, '_', '_'}, [{'=:=', {self}, self()}], [ok]}])]),
    io:format("guard error is false: ~p~n",
              [Sel([{{'$1', '_', '_'}, [{'>', {element, 9, '$_'}, 0}], ['$1']},
                    {{'$1', '_', '_'}, [{'<', '$1', 3}], [{{second, '$1'}}]}])]),
    io:format("body error: ~p~n", [Sel([{{'$1', '_', '_'}, [{'<', '$1', 3}], [{element, 9, '$_'}]}])]),
    io:format("non-boolean guard: ~p~n", [Sel([{{'$1', '_', '_'}, [{'+', '$1', 1}], ['$1']}])]),
    io:format("and/or/not: ~p~n",
              [Sel([{{'$1', '_', '_'},
                     [{'and', {'>', '$1', 1}, {'not', {'==', '$1', 3}}},
                      {'or', false, {'=<', '$1', 4}}],
                     ['$1']}])]),
    io:format("andalso short-circuits: ~p~n",
              [Sel([{{'$1', '_', '_'}, [{'andalso', {'>', '$1', 3}, {'==', {element, 1, '$1'}, 0}}],
                     ['$1']}])]),
    io:format("fun2ms: ~p~n",
              [Sel(ets:fun2ms(fun({K, V, _}) when K >= 2 andalso V =/= c; K == 1 -> {V, K} end))]),
    io:format("several body terms: ~p~n", [Sel([{{'$1', '_', '_'}, [], [first, '$1']}])]),
    io:format("head constant: ~p~n", [Sel([{foo, [], ['$_']}])]),
    io:format("unbound variable: ~p~n", [Sel([{{'$1', '_', '_'}, [], ['$2']}])]),
    io:format("unknown function: ~p~n", [Sel([{{'$1', '_', '_'}, [{foo, '$1'}], ['$1']}])]),
    io:format("not a list: ~p~n", [Sel({{'$1', '_', '_'}, [], ['$1']})]),
    io:format("bad clause: ~p~n", [Sel([{{'$1', '_', '_'}, []}])]),
    io:format("empty body: ~p~n", [Sel([{{'$1', '_', '_'}, [], []}])]),
    io:format("match_spec_run: ~p~n",
              [ets:match_spec_run([{a, 1}, {b, 2}, {c, 3}],
                                  ets:match_spec_compile([{{'$1', '$2'}, [{'>', '$2', 1}], ['$1']}]))]),
    io:format("is_compiled_ms: ~p ~p~n",
              [ets:is_compiled_ms(ets:match_spec_compile([{'_', [], [true]}])),
               ets:is_compiled_ms(foo)]),
    io:format("match_spec_compile bad: ~p~n", [try_(fun() -> ets:match_spec_compile([x]) end)]).

replace() ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{I, I} || I <- lists:seq(1, 5)]),
    MS = ets:fun2ms(fun({K, V}) when K > 2 -> {K, V * 100} end),
    io:format("select_replace: ~p ~p~n", [ets:select_replace(O, MS), ets:tab2list(O)]),
    io:format("key change: ~p ~p~n",
              [try_(fun() -> ets:select_replace(O, [{{'$1', '$2'}, [], [{{x, '$2'}}]}]) end),
               ets:tab2list(O)]).

test_ms() ->
    io:format("test_ms: ~p~n",
              [ets:test_ms({a, 1}, [{{'$1', '$2'}, [{'>', '$2', 0}], [{{'$2', '$1'}}]}])]),
    io:format("test_ms no match: ~p~n", [ets:test_ms({a, 1}, [{{'$1', 2}, [], ['$1']}])]),
    io:format("test_ms unbound: ~p~n",
              [ets:test_ms({a, 1}, [{{'$1', '$2'}, [{'>', '$3', 0}], ['$1']}])]).
