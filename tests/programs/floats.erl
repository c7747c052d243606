-module(floats).
-export([main/0, id/1]).

%% Float arithmetic, conversions and the float printing directives.

id(X) -> X.

main() ->
    A = ?MODULE:id(1.5),
    B = ?MODULE:id(0.1),
    io:format("~p ~p ~p ~p~n", [A + B, A - B, A * B, A / B]),
    io:format("~p~n", [0.1 + 0.2]),
    io:format("~p ~p~n", [1 / 3, 2 / 3]),
    io:format("~p ~p~n", [10 / 2, 7 / 2]),
    io:format("~p ~p ~p~n", [float(3), float(-7), float(1 bsl 70)]),
    io:format("~p ~p~n", [1.0e100, 1.0e-100]),
    io:format("~p ~p ~p~n", [123456789.0, 1.0e15, 1.0e16]),
    io:format("~p ~p ~p~n", [0.001, 0.0001, 100.0]),
    io:format("~p ~p~n", [-0.0, 0.0]),
    io:format("~p ~p~n", [5.0e-324, 1.7976931348623157e308]),
    io:format("~p ~p~n", [2.2250738585072014e-308, 4.9e-324]),
    io:format("~w ~w~n", [3.14159, -2.5e-5]),
    Rounding = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4999, -2.4999, 7.0],
    lists:foreach(
      fun(X) ->
              io:format("~p: round ~w trunc ~w ceil ~w floor ~w~n",
                        [X, round(X), trunc(X), ceil(X), floor(X)])
      end, Rounding),
    Pi = math:pi(),
    io:format("~f|~e|~g~n", [Pi, Pi, Pi]),
    io:format("~.2f|~.3e|~.4g~n", [Pi, Pi, Pi]),
    io:format("~10.3f|~-10.3f|~010.3f~n", [Pi, Pi, Pi]),
    io:format("~f ~f~n", [-1.0e-10, 12345678.9]),
    io:format("~e ~e~n", [0.0, 1.0e300]),
    io:format("~g ~g ~g ~g~n", [0.0001, 123456.0, 1.0e7, 1.0e-5]),
    io:format("~.1f ~.1f ~.1f ~.2f~n", [2.25, 0.05, 0.25, 1.005]),
    io:format("~p~n", [math:sqrt(2)]),
    io:format("~p ~p~n", [math:sin(0.0), math:cos(0.0)]),
    io:format("~p ~p~n", [math:exp(1), math:log(10)]),
    io:format("~p ~p~n", [math:pow(2, 0.5), math:atan2(1, 1)]),
    io:format("~p ~p~n", [math:log2(1024), math:log10(0.001)]),
    io:format("~p ~p~n", [math:floor(-3.5), math:ceil(-3.5)]),
    io:format("~p ~p~n", [math:fmod(10.5, 3), abs(-2.5)]),
    io:format("~p~n", [1.0 == 1]),
    io:format("~p~n", [1.0 =:= 1]),
    io:format("~p~n", [is_float(1.0) andalso not is_float(1)]),
    io:format("~p~n", [float_to_list(0.1)]),
    io:format("~p~n", [float_to_list(0.1, [short])]),
    io:format("~p~n", [list_to_float("2.5e3")]),
    io:format("~p~n", [binary_to_float(<<"-0.125">>)]),
    Sum = lists:foldl(fun(X, Acc) -> Acc + 1 / X end, 0.0, lists:seq(1, 1000)),
    io:format("~p~n", [Sum]),
    io:format("~p~n", [lists:sum([0.1 || _ <- lists:seq(1, 10)])]),
    io:format("~p ~p~n", [1.0e23, 9007199254740993.0]),
    io:format("~p~n", [[1.0, 2.5, -3.75]]),
    ok.
