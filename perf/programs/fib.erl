%% Naive doubly recursive Fibonacci: calls and small-integer arithmetic.
%%   cordon -pa perf/programs -run fib main 30
-module(fib).
-export([main/1, bench/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = fib(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("fib(~b) = ~b~ntime_us ~b~n", [N, Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    fib(list_to_integer(Arg)).

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).
