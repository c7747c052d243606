-module(ets_counters).
-export([main/0]).

%% ets:update_counter in all its forms.

try_(F) ->
    try F() catch C:R -> {C, R} end.

main() ->
    T = ets:new(t, [set, public]),
    ets:insert(T, {c, 0, 10, 100}),
    io:format("incr: ~p~n", [ets:update_counter(T, c, 1)]),
    io:format("pos: ~p~n", [ets:update_counter(T, c, {3, 5})]),
    io:format("list: ~p~n", [ets:update_counter(T, c, [{2, 1}, {3, -20}, {4, 1 bsl 62}])]),
    io:format("object: ~p~n", [ets:lookup(T, c)]),
    io:format("threshold up: ~p~n", [ets:update_counter(T, c, {2, 10, 5, 0})]),
    io:format("threshold down: ~p~n", [ets:update_counter(T, c, {3, -100, -50, -1})]),
    io:format("threshold not reached: ~p~n", [ets:update_counter(T, c, {2, 1, 100, 0})]),
    io:format("mixed list: ~p~n",
              [ets:update_counter(T, c, [{2, 5, 10, 0}, {2, -100, -3, 7}, {2, 1}])]),
    io:format("empty list: ~p~n", [ets:update_counter(T, c, [])]),
    io:format("bignum: ~p~n", [ets:update_counter(T, c, {4, 1 bsl 62})]),
    io:format("missing: ~p~n", [try_(fun() -> ets:update_counter(T, nokey, 1) end)]),
    io:format("default: ~p ~p~n",
              [ets:update_counter(T, d, {2, 3}, {anything, 10}), ets:lookup(T, d)]),
    io:format("default list: ~p ~p~n",
              [ets:update_counter(T, e, [{2, 1}, {3, 2}], {e, 0, 0}), ets:lookup(T, e)]),
    io:format("default present: ~p~n", [ets:update_counter(T, d, 1, {d, 1000})]),
    io:format("default too short: ~p~n", [try_(fun() -> ets:update_counter(T, f, 1, {f}) end)]),
    io:format("default not integer: ~p ~p~n",
              [try_(fun() -> ets:update_counter(T, g, 1, {g, a}) end), ets:lookup(T, g)]),
    io:format("key position: ~p~n", [try_(fun() -> ets:update_counter(T, c, {1, 1}) end)]),
    io:format("past the end: ~p~n", [try_(fun() -> ets:update_counter(T, c, {9, 1}) end)]),
    io:format("float incr: ~p~n", [try_(fun() -> ets:update_counter(T, c, {2, 1.0}) end)]),
    io:format("integer in list: ~p~n", [try_(fun() -> ets:update_counter(T, c, [{2, 1}, 1]) end)]),
    ets:insert(T, {s, notnum}),
    io:format("not a number: ~p~n", [try_(fun() -> ets:update_counter(T, s, 1) end)]),
    io:format("unchanged after errors: ~p~n", [ets:lookup(T, c)]),
    O = ets:new(o, [ordered_set]),
    ets:insert(O, {1, 0}),
    io:format("ordered_set float key: ~p ~p~n", [ets:update_counter(O, 1.0, 2), ets:tab2list(O)]),
    B = ets:new(b, [bag]),
    ets:insert(B, {k, 1}),
    io:format("bag: ~p~n", [try_(fun() -> ets:update_counter(B, k, 1) end)]),
    Self = self(),
    Workers = [spawn(fun() ->
                             [ets:update_counter(T, shared, 1, {shared, 0}) || _ <- lists:seq(1, 500)],
                             Self ! done
                     end) || _ <- lists:seq(1, 4)],
    [receive done -> ok end || _ <- Workers],
    io:format("shared: ~p~n", [ets:lookup(T, shared)]).
