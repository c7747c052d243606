-module(binary_trees).
-export([main/0]).

%% The binary-trees benchmark at a small depth: allocates and walks many
%% short-lived trees, which stresses allocation and garbage collection.

make(0) -> {nil, nil};
make(D) -> {make(D - 1), make(D - 1)}.

check({nil, nil}) -> 1;
check({L, R}) -> 1 + check(L) + check(R).

main() ->
    MaxDepth = 12,
    MinDepth = 4,
    Stretch = MaxDepth + 1,
    io:format("stretch tree of depth ~w\t check: ~w~n", [Stretch, check(make(Stretch))]),
    LongLived = make(MaxDepth),
    lists:foreach(
      fun(D) ->
              Iterations = 1 bsl (MaxDepth - D + MinDepth),
              Check = loop(Iterations, D, 0),
              io:format("~w\t trees of depth ~w\t check: ~w~n", [Iterations, D, Check])
      end, lists:seq(MinDepth, MaxDepth, 2)),
    io:format("long lived tree of depth ~w\t check: ~w~n", [MaxDepth, check(LongLived)]).

loop(0, _, Acc) -> Acc;
loop(N, D, Acc) -> loop(N - 1, D, Acc + check(make(D))).
