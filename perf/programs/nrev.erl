%% Naive reverse of a 30-element list, N times: list cons, append and calls.
%%   cordon -pa perf/programs -run nrev main 500000
-module(nrev).
-export([main/1, bench/1]).

-define(LENGTH, 30).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("nrev(~b) x ~b = ~b~ntime_us ~b~n", [?LENGTH, N, Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Reverses a list that differs on each iteration and sums the heads of the
%% reversed lists, so no iteration can be skipped.
run(N) -> run(N, 0).

run(0, Acc) ->
    Acc;
run(N, Acc) ->
    [Head | _] = nrev(lists:seq(N, N + ?LENGTH - 1)),
    run(N - 1, Acc + Head).

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].
