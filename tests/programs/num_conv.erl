-module(num_conv).
-export([main/0, id/1]).

%% Conversions between numbers and text: bases, float_to_list and
%% float_to_binary options, and parsing errors.

id(X) -> X.

try_it(F) -> try F() catch C:E -> {C, E} end.

main() ->
    N = 123456789,
    [io:format("base ~2w: ~s~n", [B, integer_to_list(N, B)]) || B <- [2, 3, 8, 10, 16, 36]],
    io:format("~p~n", [integer_to_list(-255, 16)]),
    io:format("~p~n", [integer_to_binary(255, 2)]),
    io:format("~p~n", [integer_to_binary(-1 bsl 70, 36)]),
    io:format("~p ~p~n", [list_to_integer("ff", 16), list_to_integer("FF", 16)]),
    io:format("~p ~p~n", [list_to_integer("-zz", 36), list_to_integer("+101", 2)]),
    io:format("~p~n", [binary_to_integer(<<"777">>, 8)]),
    io:format("~p~n", [list_to_integer("00042")]),
    io:format("~p~n", [try_it(fun() -> list_to_integer(?MODULE:id("2"), 2) end)]),
    io:format("~p~n", [try_it(fun() -> list_to_integer(?MODULE:id("1"), 37) end)]),
    io:format("~p~n", [try_it(fun() -> list_to_integer(?MODULE:id("1.0")) end)]),
    io:format("~p~n", [try_it(fun() -> list_to_integer(?MODULE:id(" 1")) end)]),
    io:format("~p~n", [try_it(fun() -> binary_to_integer(?MODULE:id(<<>>)) end)]),
    io:format("~p~n", [try_it(fun() -> integer_to_list(?MODULE:id(10), 1) end)]),
    F = 3.14159265358979,
    io:format("~p~n", [float_to_list(F)]),
    io:format("~p~n", [float_to_list(F, [{decimals, 4}])]),
    io:format("~p~n", [float_to_list(F, [{decimals, 0}])]),
    io:format("~p~n", [float_to_list(2.5, [{decimals, 0}])]),
    io:format("~p~n", [float_to_list(1.5, [{decimals, 10}, compact])]),
    io:format("~p~n", [float_to_list(F, [{scientific, 3}])]),
    io:format("~p~n", [float_to_list(F, [short])]),
    io:format("~p~n", [float_to_list(1.0e-7, [short])]),
    io:format("~p~n", [float_to_list(123456789012.0, [short])]),
    io:format("~p~n", [float_to_list(-0.0, [short])]),
    io:format("~p~n", [float_to_binary(F)]),
    io:format("~p~n", [float_to_binary(F, [{decimals, 2}])]),
    io:format("~p~n", [float_to_binary(1.0e20, [{decimals, 2}])]),
    io:format("~p~n", [float_to_binary(0.1, [{scientific, 20}])]),
    io:format("~p~n", [list_to_float("1.0e10")]),
    io:format("~p~n", [list_to_float("-0.5")]),
    io:format("~p~n", [binary_to_float(<<"6.02e23">>)]),
    io:format("~p~n", [try_it(fun() -> list_to_float(?MODULE:id("1.")) end)]),
    io:format("~p~n", [try_it(fun() -> list_to_float(?MODULE:id(".5")) end)]),
    io:format("~p~n", [try_it(fun() -> list_to_float(?MODULE:id("1e5")) end)]),
    io:format("~p~n", [try_it(fun() -> binary_to_float(?MODULE:id(<<"5">>)) end)]),
    io:format("~p~n", [list_to_float("1.5E+3")]),
    io:format("~p~n", [[float_to_list(X, [short]) || X <- [0.1, 0.2, 0.30000000000000004, 1/3, 100.0, 1.0e100]]]),
    io:format("~p~n", [[integer_to_list(X) || X <- [0, -0, 10, -10, 1 bsl 63]]]),
    io:format("~p~n", [number_to_text([1, 2.0, -3, 4.5e-9])]),
    io:format("~p~n", [list_to_integer(integer_to_list(1 bsl 200, 7), 7) =:= 1 bsl 200]),
    io:format("~p~n", [erlang:list_to_integer("-0")]),
    io:format("~p~n", [string:to_integer("  12")]),
    io:format("~p~n", [string:to_float("1.5e2x")]),
    ok.

number_to_text(L) ->
    [case X of
         I when is_integer(I) -> integer_to_list(I);
         Fl -> float_to_list(Fl, [short])
     end || X <- L].
