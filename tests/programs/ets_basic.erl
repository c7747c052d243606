-module(ets_basic).
-export([main/0]).

%% Insert, lookup and delete on every table type, insert_new, take,
%% member, lookup_element, delete_object and update_element.

try_(F) ->
    try F() catch C:R -> {C, R} end.

sorted(T) -> lists:sort(ets:tab2list(T)).

main() ->
    lists:foreach(fun types/1, [set, ordered_set, bag, duplicate_bag]),
    keys(),
    update_element(),
    bag_order(),
    binaries(),
    errors().

types(Type) ->
    T = ets:new(t, [Type]),
    io:format("~p new: ~p~n", [Type, is_reference(T)]),
    true = ets:insert(T, {a, 1}),
    true = ets:insert(T, [{b, 2}, {c, 3}, {a, 4}]),
    true = ets:insert(T, []),
    io:format("~p a: ~p~n", [Type, lists:sort(ets:lookup(T, a))]),
    io:format("~p missing: ~p~n", [Type, ets:lookup(T, zzz)]),
    io:format("~p member: ~p ~p~n", [Type, ets:member(T, b), ets:member(T, zzz)]),
    io:format("~p all: ~p~n", [Type, sorted(T)]),
    io:format("~p size: ~p~n", [Type, ets:info(T, size)]),
    io:format("~p insert_new: ~p ~p~n",
              [Type, ets:insert_new(T, {d, 5}), ets:insert_new(T, [{e, 6}, {a, 7}])]),
    io:format("~p lookup_element: ~p~n", [Type, try_(fun() -> ets:lookup_element(T, a, 2) end)]),
    true = ets:delete_object(T, {a, 1}),
    io:format("~p after delete_object: ~p~n", [Type, lists:sort(ets:lookup(T, a))]),
    true = ets:delete(T, b),
    io:format("~p after delete: ~p~n", [Type, sorted(T)]),
    io:format("~p take: ~p ~p~n", [Type, ets:take(T, c), ets:take(T, c)]),
    true = ets:delete_all_objects(T),
    io:format("~p emptied: ~p ~p~n", [Type, ets:tab2list(T), ets:info(T, size)]),
    true = ets:delete(T),
    io:format("~p deleted: ~p ~p~n",
              [Type, ets:info(T), try_(fun() -> ets:lookup(T, a) end)]).

keys() ->
    S = ets:new(s, [set]),
    O = ets:new(o, [ordered_set]),
    [ets:insert(X, [{1, int}, {1.0, float}, {{1}, tuple}, {[1, 2], list}, {<<"b">>, bin}])
     || X <- [S, O]],
    io:format("set 1 vs 1.0: ~p ~p~n", [ets:lookup(S, 1), ets:lookup(S, 1.0)]),
    io:format("ordered_set 1 vs 1.0: ~p ~p~n", [ets:lookup(O, 1), ets:lookup(O, 1.0)]),
    io:format("ordered_set: ~p~n", [ets:tab2list(O)]),
    io:format("set size ~p, ordered_set size ~p~n", [ets:info(S, size), ets:info(O, size)]),
    K = ets:new(k, [ordered_set, {keypos, 2}]),
    ets:insert(K, [{x, 3, a}, {y, 1, b}, {z, 2, c}]),
    io:format("keypos 2: ~p ~p~n", [ets:tab2list(K), ets:lookup_element(K, 1, 3)]),
    io:format("short tuple: ~p~n", [try_(fun() -> ets:insert(K, {a}) end)]),
    Big = ets:new(big, [set]),
    ets:insert(Big, [{I, I * I} || I <- lists:seq(1, 5000)]),
    ets:insert(Big, {1 bsl 70, bignum}),
    io:format("big: ~p ~p ~p~n",
              [ets:info(Big, size), ets:lookup(Big, 4321), ets:lookup(Big, 1 bsl 70)]),
    [ets:delete(Big, I) || I <- lists:seq(1, 4990)],
    io:format("big after deletes: ~p~n", [sorted(Big)]).

update_element() ->
    T = ets:new(t, [set]),
    ets:insert(T, {k, 1, 2, 3}),
    io:format("update_element: ~p ~p~n",
              [ets:update_element(T, k, [{2, x}, {4, y}]), ets:lookup(T, k)]),
    io:format("update_element missing: ~p~n", [ets:update_element(T, nokey, {2, x})]),
    io:format("update_element key: ~p~n", [try_(fun() -> ets:update_element(T, k, {1, x}) end)]),
    io:format("update_element range: ~p~n", [try_(fun() -> ets:update_element(T, k, {5, x}) end)]),
    B = ets:new(b, [bag]),
    io:format("update_element bag: ~p~n", [try_(fun() -> ets:update_element(B, k, {2, x}) end)]).

bag_order() ->
    B = ets:new(b, [bag]),
    ets:insert(B, {a, 1}), ets:insert(B, {a, 2}), ets:insert(B, {a, 1}),
    ets:insert(B, [{b, 1}, {b, 2}, {b, 3}]),
    ets:insert(B, [{b, 4}, {b, 2}]),
    io:format("bag: ~p ~p~n", [ets:lookup(B, a), ets:lookup(B, b)]),
    D = ets:new(d, [duplicate_bag]),
    ets:insert(D, [{b, 1}, {b, 2}, {b, 1}]),
    ets:insert(D, {b, 2}),
    io:format("duplicate_bag: ~p~n", [ets:lookup(D, b)]),
    ets:delete_object(D, {b, 1}),
    io:format("duplicate_bag delete_object: ~p~n", [ets:lookup(D, b)]),
    io:format("bag lookup_element: ~p~n", [ets:lookup_element(D, b, 2)]).

binaries() ->
    T = ets:new(t, [set]),
    Big = list_to_binary(lists:duplicate(200, $x)),
    ets:insert(T, {big, Big, binary:part(Big, 10, 100)}),
    [{big, B1, B2}] = ets:lookup(T, big),
    io:format("binaries: ~p ~p ~p~n", [byte_size(B1), byte_size(B2), B1 =:= Big]),
    ets:delete(T, big),
    erlang:garbage_collect(),
    io:format("binary still usable: ~p~n", [byte_size(B1) + byte_size(B2)]).

errors() ->
    T = ets:new(t, []),
    io:format("bad new: ~p~n", [try_(fun() -> ets:new(x, [bogus]) end)]),
    io:format("bad name: ~p~n", [try_(fun() -> ets:new("x", []) end)]),
    io:format("bad keypos: ~p~n", [try_(fun() -> ets:new(x, [{keypos, 0}]) end)]),
    io:format("bad insert: ~p~n", [try_(fun() -> ets:insert(T, foo) end)]),
    io:format("improper list: ~p~n", [try_(fun() -> ets:insert(T, [{a} | b]) end)]),
    io:format("empty tuple: ~p~n", [try_(fun() -> ets:insert(T, {}) end)]),
    io:format("bad table: ~p~n", [try_(fun() -> ets:lookup(12, a) end)]),
    io:format("unknown name: ~p~n", [try_(fun() -> ets:lookup(no_such_table, a) end)]),
    io:format("lookup_element missing: ~p~n", [try_(fun() -> ets:lookup_element(T, a, 2) end)]),
    ets:insert(T, {a, 1}),
    io:format("lookup_element range: ~p~n", [try_(fun() -> ets:lookup_element(T, a, 3) end)]),
    io:format("tuning options: ~p~n",
              [is_reference(ets:new(x, [{write_concurrency, auto}, {read_concurrency, true},
                                        compressed, {decentralized_counters, true}]))]),
    io:format("stacktrace top: ~p~n",
              [try ets:insert(T, foo) catch error:badarg:St -> element(1, hd(St)) end]).
