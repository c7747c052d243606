%% tak(18, 12, 6) computed N times: deep non-tail recursion and calls.
%%   cordon -pa perf/programs -run tak main 5000
-module(tak).
-export([main/1, bench/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("tak(18, 12, 6) x ~b = ~b~ntime_us ~b~n", [N, Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Returns the sum of the N results, which is 7 * N.
run(N) -> run(N, 0).

run(0, Acc) -> Acc;
run(N, Acc) -> run(N - 1, Acc + tak(18, 12, 6)).

tak(X, Y, Z) when Y < X ->
    tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_X, _Y, Z) ->
    Z.
