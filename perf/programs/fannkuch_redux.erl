%% The fannkuch-redux benchmark: reversing and rotating short lists.
%%   cordon -pa perf/programs -run fannkuch_redux main 10
-module(fannkuch_redux).
-export([main/1, bench/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    {Checksum, MaxFlips} = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("~b~nPfannkuchen(~b) = ~b~ntime_us ~b~n", [Checksum, N, MaxFlips, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Visits the permutations in the benchmark's order, which the checksum
%% depends on: it adds the flip count of each even-numbered permutation and
%% subtracts that of each odd-numbered one. Returns {Checksum, MaxFlips}.
run(N) ->
    Perm = lists:seq(1, N),
    Counts = list_to_tuple(lists:seq(1, N)),
    visit(Perm, Counts, N, 0, 0, 0).

visit(Perm, Counts, N, Index, Checksum, MaxFlips) ->
    Flips = flips(Perm, 0),
    Checksum1 = case Index band 1 of
                    0 -> Checksum + Flips;
                    1 -> Checksum - Flips
                end,
    MaxFlips1 = max(MaxFlips, Flips),
    case next(Perm, Counts, 1, N) of
        done -> {Checksum1, MaxFlips1};
        {Perm1, Counts1} -> visit(Perm1, Counts1, N, Index + 1, Checksum1, MaxFlips1)
    end.

%% Counts the flips until 1 is at the front. A flip with K at the front
%% reverses the first K elements.
flips([1 | _], Flips) ->
    Flips;
flips([K | _] = Perm, Flips) ->
    flips(reverse_prefix(K, Perm, []), Flips + 1).

reverse_prefix(0, Rest, Acc) -> Acc ++ Rest;
reverse_prefix(K, [X | Rest], Acc) -> reverse_prefix(K - 1, Rest, [X | Acc]).

%% Steps to the next permutation: rotates the first R + 1 elements left by
%% one and decrements counter R, moving to R + 1 when counter R reaches zero.
%% Counter R starts at R + 1 so each rotation runs R + 1 times per cycle.
next(_Perm, _Counts, R, N) when R >= N ->
    done;
next([First | Rest], Counts, R, N) ->
    Perm = insert_at(R, Rest, First),
    Count = element(R + 1, Counts) - 1,
    case Count of
        0 -> next(Perm, setelement(R + 1, Counts, R + 1), R + 1, N);
        _ -> {Perm, setelement(R + 1, Counts, Count)}
    end.

%% Inserts X after the first R elements of the list.
insert_at(0, Rest, X) -> [X | Rest];
insert_at(R, [Y | Rest], X) -> [Y | insert_at(R - 1, Rest, X)].
