%% Maps of thousands of integer keys: insertion, update, lookup, removal, folds.
%%   cordon -pa perf/programs -run map_heavy main 200
-module(map_heavy).
-export([main/1, bench/1]).

%% Keys in each map.
-define(KEYS, 5000).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("map_heavy(~b) = ~b~ntime_us ~b~n", [N, Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Runs N rounds and returns the sum of their results. Each result depends
%% only on the map contents, never on iteration order, which Cordon need not
%% share with erl.
run(N) -> run(N, 0).

run(0, Sum) -> Sum;
run(N, Sum) -> run(N - 1, (Sum + run_round(N)) band 16#FFFFFFFFFFFF).

run_round(Seed) ->
    Keys = [key(Seed, I) || I <- lists:seq(1, ?KEYS)],
    Built = build(Keys, #{}),
    Updated = update(Keys, Built),
    Looked = lookup(Keys, Updated, 0),
    Removed = remove(Keys, Updated),
    Folded = maps:fold(fun(K, V, Acc) -> Acc + (K bxor V) end, 0, Removed),
    Doubled = maps:map(fun(_K, V) -> V * 2 end, Removed),
    Merged = maps:merge(Built, Doubled),
    Looked + Folded + map_size(Removed) + maps:get(key(Seed, 1), Merged).

%% Spreads the keys over a wide range so the map is a deep hash trie. The
%% multiplier is odd, so keys for I below 2^28 are distinct.
key(Seed, I) -> (I * 2654435761 + Seed) band 16#FFFFFFF.

build([], Map) -> Map;
build([K | Ks], Map) -> build(Ks, Map#{K => K band 16#FFFF}).

update([], Map) ->
    Map;
update([K | Ks], Map) ->
    #{K := V} = Map,
    update(Ks, Map#{K := V + 1}).

lookup([], _Map, Acc) ->
    Acc;
lookup([K | Ks], Map, Acc) ->
    lookup(Ks, Map, Acc + maps:get(K, Map) + maps:get(K + 1, Map, 0)).

%% Removes every third key.
remove(Keys, Map) ->
    maps:without([K || K <- Keys, K rem 3 =:= 0], Map).
