%% The callee module of calls.erl.
-module(calls_lib).
-export([step/2, twice/1, mix/2]).

step(Acc, N) -> Acc + (N band 7).

twice(X) -> X * 2.

mix(X, N) -> X bxor N.
