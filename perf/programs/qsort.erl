%% Quicksort of a pseudo-random integer list: list comprehensions and comparisons.
%%   cordon -pa perf/programs -run qsort main 300000
-module(qsort).
-export([main/1, bench/1]).

-define(ROUNDS, 10).

main([Arg]) ->
    N = list_to_integer(Arg),
    Input = random_list(N),
    Start = erlang:monotonic_time(microsecond),
    Sorted = run(Input),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("qsort(~b) x ~b: sorted ~s, checksum ~b~ntime_us ~b~n",
              [N, ?ROUNDS, is_sorted(Sorted), checksum(Sorted, 0), Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(random_list(list_to_integer(Arg))).

%% Sorts the list ?ROUNDS times and returns the last result.
run(Input) -> run(?ROUNDS, Input, []).

run(0, _Input, Sorted) -> Sorted;
run(Rounds, Input, _Sorted) -> run(Rounds - 1, Input, qsort(Input)).

qsort([]) ->
    [];
qsort([Pivot | Rest]) ->
    qsort([X || X <- Rest, X < Pivot]) ++ [Pivot | qsort([X || X <- Rest, X >= Pivot])].

%% Linear congruential generator (Numerical Recipes constants), values below 2^20.
random_list(N) -> random_list(N, 42, []).

random_list(0, _Seed, Acc) ->
    Acc;
random_list(N, Seed, Acc) ->
    Next = (Seed * 1664525 + 1013904223) band 16#FFFFFFFF,
    random_list(N - 1, Next, [Next bsr 12 | Acc]).

is_sorted([A, B | Rest]) when A =< B -> is_sorted([B | Rest]);
is_sorted([_, _ | _]) -> false;
is_sorted(_) -> true.

checksum([], Acc) -> Acc;
checksum([X | Rest], Acc) -> checksum(Rest, (Acc * 31 + X) band 16#FFFFFFF).
