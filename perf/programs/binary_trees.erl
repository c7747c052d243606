%% The binary-trees benchmark: allocates and walks many short-lived trees,
%% which mostly exercises the garbage collector.
%%   cordon -pa perf/programs -run binary_trees main 16
-module(binary_trees).
-export([main/1, bench/1]).

-define(MIN_DEPTH, 4).

main([Arg]) ->
    MaxDepth = max(?MIN_DEPTH + 2, list_to_integer(Arg)),
    Start = erlang:monotonic_time(microsecond),
    {StretchCheck, DepthChecks, LongLivedCheck} = run(MaxDepth),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("stretch tree of depth ~b\t check: ~b~n", [MaxDepth + 1, StretchCheck]),
    [io:format("~b\t trees of depth ~b\t check: ~b~n", [Iterations, Depth, Check])
     || {Iterations, Depth, Check} <- DepthChecks],
    io:format("long lived tree of depth ~b\t check: ~b~n", [MaxDepth, LongLivedCheck]),
    io:format("time_us ~b~n", [Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(max(?MIN_DEPTH + 2, list_to_integer(Arg))).

%% Returns {StretchCheck, [{Iterations, Depth, Check}], LongLivedCheck}.
run(MaxDepth) ->
    StretchCheck = check(make(MaxDepth + 1)),
    LongLived = make(MaxDepth),
    DepthChecks = depths(?MIN_DEPTH, MaxDepth),
    {StretchCheck, DepthChecks, check(LongLived)}.

depths(Depth, MaxDepth) when Depth > MaxDepth ->
    [];
depths(Depth, MaxDepth) ->
    Iterations = 1 bsl (MaxDepth - Depth + ?MIN_DEPTH),
    Check = iterate(Iterations, Depth, 0),
    [{Iterations, Depth, Check} | depths(Depth + 2, MaxDepth)].

iterate(0, _Depth, Acc) -> Acc;
iterate(N, Depth, Acc) -> iterate(N - 1, Depth, Acc + check(make(Depth))).

make(0) -> {nil, nil};
make(Depth) -> {make(Depth - 1), make(Depth - 1)}.

check({nil, nil}) -> 1;
check({Left, Right}) -> 1 + check(Left) + check(Right).
