%% ETS tables of thousands of keys: inserts, lookups, counters, selects and
%% ordered traversal, on a set and an ordered_set.
%%   cordon -pa perf/programs -run ets_heavy main 50
-module(ets_heavy).
-export([main/1, bench/1]).

%% Keys in each table.
-define(KEYS, 5000).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("ets_heavy(~b) = ~b~ntime_us ~b~n", [N, Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Runs N rounds and returns the sum of their results. Each result depends
%% only on the tables' contents, never on the order of a set table, which
%% Cordon need not share with erl.
run(N) -> run(N, 0).

run(0, Sum) -> Sum;
run(N, Sum) -> run(N - 1, (Sum + round(set, N) + round(ordered_set, N)) band 16#FFFFFFFFFFFF).

round(Type, Seed) ->
    T = ets:new(ets_heavy, [Type]),
    Keys = [key(Seed, I) || I <- lists:seq(1, ?KEYS)],
    [ets:insert(T, {K, K band 16#FFFF, 0}) || K <- Keys],
    Looked = lists:foldl(fun(K, Acc) -> Acc + ets:lookup_element(T, K, 2) end, 0, Keys),
    Counted = lists:foldl(fun(K, Acc) -> Acc + ets:update_counter(T, K, {3, 1}) end, 0, Keys),
    Small = ets:select_count(T, [{{'_', '$1', '_'}, [{'<', '$1', 16#8000}], [true]}]),
    Misses = length([K || K <- Keys, not ets:member(T, K + 1)]),
    Walked = walk(Type, T),
    ets:delete(T),
    Looked + Counted + Small + Misses + Walked.

%% Sums the keys in key order of an ordered_set, or counts the objects of
%% a set through ets:foldl.
walk(ordered_set, T) -> walk_keys(T, ets:first(T), 0);
walk(set, T) -> ets:foldl(fun(_, Acc) -> Acc + 1 end, 0, T).

walk_keys(_T, '$end_of_table', Acc) -> Acc;
walk_keys(T, K, Acc) -> walk_keys(T, ets:next(T, K), (Acc + K) band 16#FFFFFFF).

%% The multiplier is odd, so keys for I below 2^28 are distinct.
key(Seed, I) -> (I * 2654435761 + Seed) band 16#FFFFFFF.
