%% counters and atomics: shared arrays of 64-bit integers.
-module(atomics_counters).
-export([main/0]).

main() ->
    atomics_basics(),
    atomics_unsigned(),
    atomics_errors(),
    counters_basics(),
    counters_errors(),
    shared_between_processes().

atomics_basics() ->
    A = atomics:new(3, []),
    io:format("atomics info: ~p~n", [maps:without([memory], atomics:info(A))]),
    ok = atomics:put(A, 1, 10),
    ok = atomics:add(A, 1, 5),
    io:format("add: ~p~n", [atomics:get(A, 1)]),
    io:format("add_get: ~p~n", [atomics:add_get(A, 2, -7)]),
    io:format("sub_get: ~p~n", [atomics:sub_get(A, 2, 3)]),
    ok = atomics:sub(A, 3, 1),
    io:format("sub: ~p~n", [atomics:get(A, 3)]),
    io:format("exchange: ~p ~p~n", [atomics:exchange(A, 1, 99), atomics:get(A, 1)]),
    io:format("compare_exchange hit: ~p ~p~n",
              [atomics:compare_exchange(A, 1, 99, 100), atomics:get(A, 1)]),
    io:format("compare_exchange miss: ~p~n", [atomics:compare_exchange(A, 1, 5, 6)]),
    Max = 1 bsl 63 - 1,
    ok = atomics:put(A, 1, Max),
    io:format("wrap: ~p~n", [atomics:add_get(A, 1, 1)]),
    io:format("big incr: ~p~n", [atomics:add_get(A, 2, 1 bsl 62)]).

atomics_unsigned() ->
    U = atomics:new(2, [{signed, false}]),
    io:format("unsigned info: ~p~n", [maps:without([memory], atomics:info(U))]),
    io:format("unsigned wrap below 0: ~p~n", [atomics:sub_get(U, 1, 1)]),
    ok = atomics:put(U, 2, 1 bsl 64 - 1),
    io:format("unsigned max: ~p~n", [atomics:get(U, 2)]),
    io:format("unsigned wrap: ~p~n", [atomics:add_get(U, 2, 2)]),
    io:format("unsigned put negative: ~p~n", [catch_error(fun() -> atomics:put(U, 1, -1) end)]).

atomics_errors() ->
    A = atomics:new(1, []),
    Cases = [fun() -> atomics:new(0, []) end,
             fun() -> atomics:new(1, [{signed, maybe}]) end,
             fun() -> atomics:new(1, [bogus]) end,
             fun() -> atomics:new(a, []) end,
             fun() -> atomics:get(A, 0) end,
             fun() -> atomics:get(A, 2) end,
             fun() -> atomics:get(not_a_ref, 1) end,
             fun() -> atomics:put(A, 1, 1 bsl 63) end,
             fun() -> atomics:add(A, 1, 1 bsl 64) end,
             fun() -> atomics:add(A, 1, 1.0) end,
             fun() -> atomics:compare_exchange(A, 1, a, 1) end],
    io:format("atomics errors: ~p~n", [[catch_error(F) || F <- Cases]]).

counters_basics() ->
    C = counters:new(2, []),
    io:format("counters info: ~p~n", [maps:without([memory], counters:info(C))]),
    ok = counters:add(C, 1, 3),
    ok = counters:sub(C, 2, 4),
    io:format("counters: ~p ~p~n", [counters:get(C, 1), counters:get(C, 2)]),
    ok = counters:put(C, 1, 1 bsl 63 - 1),
    ok = counters:add(C, 1, 1),
    io:format("counters wrap: ~p~n", [counters:get(C, 1)]),
    W = counters:new(1, [write_concurrency]),
    ok = counters:add(W, 1, 42),
    io:format("write_concurrency: ~p ~p~n", [counters:get(W, 1), element(1, W)]),
    A = counters:new(1, [atomics]),
    io:format("atomics kind: ~p~n", [element(1, A)]).

counters_errors() ->
    C = counters:new(1, []),
    Cases = [fun() -> counters:new(0, []) end,
             fun() -> counters:new(1, [bogus]) end,
             fun() -> counters:get(C, 2) end,
             fun() -> counters:add(C, 1, 1 bsl 63) end,
             fun() -> counters:put(C, 1, a) end,
             fun() -> counters:get({atomics, make_ref()}, 1) end],
    io:format("counters errors: ~p~n", [[catch_error(F) || F <- Cases]]).

shared_between_processes() ->
    C = counters:new(1, [write_concurrency]),
    Parent = self(),
    Pids = [spawn(fun() ->
                          [counters:add(C, 1, 1) || _ <- lists:seq(1, 1000)],
                          Parent ! {done, self()}
                  end) || _ <- lists:seq(1, 8)],
    [receive {done, P} -> ok end || P <- Pids],
    io:format("shared total: ~p~n", [counters:get(C, 1)]).

catch_error(F) ->
    try F() of
        Value -> {ok, Value}
    catch
        Class:Reason -> {Class, Reason}
    end.
