-module(tail_loops).
-export([main/0, ext_loop/2]).

%% Long loops in constant stack: self tail calls, mutual recursion, tail
%% calls through funs, external tail calls and apply in tail position.

count(0, Acc) -> Acc;
count(N, Acc) -> count(N - 1, Acc + 1).

is_even(0) -> true;
is_even(N) -> is_odd(N - 1).

is_odd(0) -> false;
is_odd(N) -> is_even(N - 1).

ext_loop(0, Acc) -> Acc;
ext_loop(N, Acc) -> ?MODULE:ext_loop(N - 1, Acc + 2).

apply_loop(0, Acc) -> Acc;
apply_loop(N, Acc) -> apply(fun apply_loop/2, [N - 1, Acc + 3]).

collatz(1, Steps) -> Steps;
collatz(N, Steps) when N rem 2 =:= 0 -> collatz(N div 2, Steps + 1);
collatz(N, Steps) -> collatz(3 * N + 1, Steps + 1).

longest_collatz(Max) -> longest_collatz(1, Max, {0, 0}).

longest_collatz(N, Max, Best) when N > Max -> Best;
longest_collatz(N, Max, {_, BestSteps} = Best) ->
    S = collatz(N, 0),
    Next = if S > BestSteps -> {N, S}; true -> Best end,
    longest_collatz(N + 1, Max, Next).

state_machine(0, State, Count) -> {State, Count};
state_machine(N, a, C) -> state_machine(N - 1, b, C);
state_machine(N, b, C) -> state_machine(N - 1, c, C + 1);
state_machine(N, c, C) -> state_machine(N - 1, a, C).

main() ->
    io:format("count: ~p~n", [count(3000000, 0)]),
    io:format("even: ~p ~p~n", [is_even(1000000), is_odd(777777)]),
    io:format("external: ~p~n", [ext_loop(1000000, 0)]),
    io:format("apply: ~p~n", [apply_loop(300000, 0)]),
    Loop = fun Loop(0, Acc) -> Acc; Loop(N, Acc) -> Loop(N - 1, Acc * 3 rem 1000003) end,
    io:format("fun loop: ~p~n", [Loop(1000000, 1)]),
    io:format("collatz: ~p~n", [longest_collatz(30000)]),
    io:format("state machine: ~p~n", [state_machine(1000001, a, 0)]),
    io:format("bignum loop: ~p~n", [big_loop(2000, 1)]),
    io:format("float loop: ~.6f~n", [float_loop(1000000, 0.0)]),
    ok.

big_loop(0, Acc) -> Acc rem 1000000007;
big_loop(N, Acc) -> big_loop(N - 1, Acc * 3 + N).

float_loop(0, Acc) -> Acc;
float_loop(N, Acc) -> float_loop(N - 1, Acc + 1.0 / (N * N)).
