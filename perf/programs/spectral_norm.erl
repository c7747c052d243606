%% The spectral-norm benchmark: float arithmetic in matrix-vector products.
%%   cordon -pa perf/programs -run spectral_norm main 1000
-module(spectral_norm).
-export([main/1, bench/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("~.9f~ntime_us ~b~n", [Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Approximates the spectral norm of the infinite matrix A, truncated to N x N,
%% by 10 rounds of the power method on A^T A.
run(N) ->
    Indices = lists:seq(0, N - 1),
    U0 = lists:duplicate(N, 1.0),
    {U, V} = power(10, Indices, U0, U0),
    VBV = dot(U, V, 0.0),
    VV = dot(V, V, 0.0),
    math:sqrt(VBV / VV).

power(0, _Indices, U, V) ->
    {U, V};
power(Rounds, Indices, U, _V) ->
    V = mul_atav(Indices, U),
    power(Rounds - 1, Indices, mul_atav(Indices, V), V).

%% Element (I, J) of A, with zero-based indices.
a(I, J) -> 1.0 / ((I + J) * (I + J + 1) div 2 + I + 1).

mul_av(Indices, V) -> [row_sum(fun(J) -> a(I, J) end, Indices, V, 0.0) || I <- Indices].

mul_atv(Indices, V) -> [row_sum(fun(J) -> a(J, I) end, Indices, V, 0.0) || I <- Indices].

mul_atav(Indices, V) -> mul_atv(Indices, mul_av(Indices, V)).

row_sum(_Element, [], [], Acc) -> Acc;
row_sum(Element, [J | Js], [X | Xs], Acc) -> row_sum(Element, Js, Xs, Acc + Element(J) * X).

dot([], [], Acc) -> Acc;
dot([X | Xs], [Y | Ys], Acc) -> dot(Xs, Ys, Acc + X * Y).
