%% Calls erlang:apply/3 through a fun, so the BIF traps into a function
%% of five arguments, with a heap that fills up often: the garbage
%% collection at the call must keep all five arguments.
-module(apply_trap_gc).
-export([main/0, f/5]).
f(A, B, C, D, E) -> element(1, A) + element(1, B) + element(1, C) + element(1, D) + element(1, E).
loop(0, _M, _Apply, Acc) -> Acc;
loop(N, M, Apply, Acc) ->
    L = lists:seq(1, 20),
    A = {N, L}, B = {N, L}, C = {N, L}, D = {N, L}, E = {N, L},
    loop(N - 1, M, Apply, Acc + Apply(M, f, [A, B, C, D, E]) + length(L)).
main() -> io:format("~p~n", [loop(200000, apply_trap_gc, fun erlang:apply/3, 0)]).
