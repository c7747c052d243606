-module(arith_bignum).
-export([main/0, id/1]).

%% Bignum arithmetic and bitwise operators on large and negative values.

id(X) -> X.

fact(0) -> 1;
fact(N) -> N * fact(N - 1).

pow(_, 0) -> 1;
pow(B, E) -> B * pow(B, E - 1).

main() ->
    F30 = fact(30),
    F50 = fact(50),
    io:format("~w~n~w~n", [F30, F50]),
    io:format("~w~n", [F50 div F30]),
    io:format("~w~n", [F50 rem (F30 + 7)]),
    io:format("~w~n", [-F50 div (F30 + 7)]),
    io:format("~w~n", [-F50 rem (F30 + 7)]),
    io:format("~w~n", [F50 div -(F30 + 7)]),
    io:format("~w~n", [F50 rem -(F30 + 7)]),
    io:format("~w~n", [F50 - F50]),
    io:format("~w~n", [F30 * -F30]),
    P = pow(2, 100),
    Q = pow(3, 70),
    io:format("~w ~w~n", [P, Q]),
    io:format("band ~w~n", [P band Q]),
    io:format("bor ~w~n", [P bor Q]),
    io:format("bxor ~w~n", [P bxor Q]),
    io:format("bnot ~w ~w~n", [bnot P, bnot -Q]),
    io:format("neg band ~w~n", [-P band Q]),
    io:format("neg bor ~w~n", [-P bor Q]),
    io:format("neg bxor ~w~n", [-P bxor -Q]),
    io:format("neg band small ~w ~w~n", [-Q band 16#FFFF, Q band -256]),
    io:format("bsl ~w~n", [Q bsl 67]),
    io:format("bsr ~w~n", [Q bsr 67]),
    io:format("bsr neg ~w~n", [-Q bsr 67]),
    io:format("bsr to zero ~w ~w~n", [Q bsr 1000, -Q bsr 1000]),
    io:format("bsl negative ~w~n", [Q bsl -3]),
    io:format("small bsl big ~w~n", [?MODULE:id(1) bsl 200]),
    io:format("~w~n", [(1 bsl 64) - 1]),
    io:format("~w~n", [-(1 bsl 64)]),
    io:format("~w~n", [(1 bsl 64) div 3]),
    io:format("~w~n", [abs(-P)]),
    io:format("~w~n", [P > Q]),
    io:format("~w~n", [P == pow(2, 100)]),
    io:format("~w~n", [P =:= pow(2, 100) + 0]),
    io:format("~w~n", [is_integer(P)]),
    %% A bignum result that fits in a small integer again.
    io:format("~w~n", [(P + 5) - P]),
    io:format("~w~n", [P div (P div 7)]),
    io:format("~p~n", [integer_to_list(F30, 16)]),
    io:format("~s~n", [integer_to_list(-F30, 36)]),
    io:format("~w~n", [list_to_integer("123456789012345678901234567890")]),
    io:format("~w~n", [list_to_integer("-ffffffffffffffffffffffff", 16)]),
    io:format("~w~n", [binary_to_integer(<<"99999999999999999999">>) + 1]),
    io:format("~p~n", [float(P)]),
    io:format("~w~n", [trunc(1.0e20)]),
    io:format("~w~n", [round(-1.5e19)]),
    io:format("~w~n", [F30 * 1.0]),
    io:format("~w ~w~n", [min(P, Q), max(-P, -Q)]),
    Sum = lists:foldl(fun(X, Acc) -> X * X + Acc end, 0, lists:seq(1, 2000)),
    io:format("~w~n", [Sum * Sum * Sum]),
    io:format("~w~n", [fib(300)]),
    ok.

fib(N) -> fib(N, 0, 1).
fib(0, A, _) -> A;
fib(N, A, B) -> fib(N - 1, B, A + B).
