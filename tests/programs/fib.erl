-module(fib).
-export([main/0]).

%% Naive doubly recursive Fibonacci: many small calls and integer additions.

fib(0) -> 0;
fib(1) -> 1;
fib(N) -> fib(N - 1) + fib(N - 2).

main() ->
    io:format("~w~n", [[fib(N) || N <- lists:seq(0, 15)]]),
    io:format("fib(25) = ~w~n", [fib(25)]).
