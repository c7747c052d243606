%% Call-heavy: per iteration one static external call, one fun call and
%% one apply, the three kinds of call that call policies check.
%%   cordon -pa perf/programs -run calls main 1000000
-module(calls).
-export([main/1, bench/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("calls(~b) = ~b~ntime_us ~b~n", [N, Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

run(N) ->
    loop(N, fun calls_lib:twice/1, calls_lib, 0).

loop(0, _Fun, _Module, Acc) ->
    Acc;
loop(N, Fun, Module, Acc) ->
    A = calls_lib:step(Acc, N),
    B = Fun(A),
    C = Module:mix(B, N),
    loop(N - 1, Fun, Module, C band 16#FFFFFF).
