%% Bignum arithmetic: N!, fib(10 N), their gcd and decimal conversion.
%%   cordon -pa perf/programs -run bignum_heavy main 15000
-module(bignum_heavy).
-export([main/1, bench/1]).

%% A prime below 2^30, to reduce the results to a small checksum.
-define(MODULUS, 1000000007).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    {FactorialDigits, FactorialRem, FibDigits, FibRem, Gcd} = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("~b! has ~b digits, rem ~b; fib(~b) has ~b digits, rem ~b; gcd ~b~n"
              "time_us ~b~n",
              [N, FactorialDigits, FactorialRem, 10 * N, FibDigits, FibRem, Gcd, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Returns the decimal digit counts of N! and fib(10 N), both remainders
%% modulo ?MODULUS, and the number of decimal digits of their gcd.
run(N) ->
    Factorial = factorial(N, 1),
    Fib = fib(10 * N, 0, 1),
    {length(integer_to_list(Factorial)), Factorial rem ?MODULUS,
     length(integer_to_list(Fib)), Fib rem ?MODULUS,
     length(integer_to_list(gcd(Factorial, Fib)))}.

factorial(0, Acc) -> Acc;
factorial(N, Acc) -> factorial(N - 1, Acc * N).

fib(0, A, _B) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).

%% Euclid's algorithm, which divides bignums by bignums.
gcd(A, 0) -> A;
gcd(A, B) -> gcd(B, A rem B).
