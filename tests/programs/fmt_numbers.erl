-module(fmt_numbers).
-export([main/0]).

%% Number control sequences: ~b ~B ~x ~X ~# ~+ with bases, ~e ~f ~g with
%% precision, and field widths and padding on numbers.

main() ->
    Ints = [0, 7, -7, 255, -255, 65535, 1 bsl 64, -(1 bsl 70) + 1],
    lists:foreach(
      fun(N) ->
              io:format("~b|~B|~.2B|~.8B|~.16B|~.16b|~.36B~n", [N, N, N, N, N, N, N])
      end, Ints),
    io:format("~x|~X~n", [255, "0x", 255, "0x"]),
    io:format("~.16x|~.16X~n", [-255, "#", -255, "#"]),
    io:format("~#|~.16#|~.2#~n", [255, 255, 5]),
    io:format("~+|~.16+~n", [255, 255]),
    io:format("[~8B]|[~-8B]|[~8.16B]|[~8..0B]|[~8.10.0B]~n", [42, 42, 255, 7, 42]),
    io:format("[~3B]~n", [123456]),
    io:format("[~w]|[~6w]|[~-6w]~n", [-42, -42, -42]),
    io:format("~p ~p ~p~n", [1 bsl 100, -(1 bsl 100), 0]),
    Fs = [0.0, 1.0, -1.0, 0.5, 3.14159265358979, 1.0e10, 1.0e-10, 123456.789,
          -0.001, 2.0e22, 1.0e-300],
    lists:foreach(
      fun(F) ->
              io:format("~f|~.2f|~.2e|~e|~.3e|~g|~.3g|~w~n", [F, F, F, F, F, F, F, F])
      end, Fs),
    io:format("[~10.2f]|[~-10.2f]|[~10.2.0f]|[~.1f]~n", [3.14159, 3.14159, 3.14159, 0.05]),
    io:format("[~12.4e]|[~-12.4e]~n", [12345.678, 12345.678]),
    io:format("[~12.4g]|[~-12.4g]~n", [0.000123, 0.000123]),
    io:format("~.1f ~.1f ~.1f ~.1f~n", [0.05, 0.15, 0.25, 0.35]),
    io:format("~.2f ~.2f ~.2f~n", [1.005, 2.675, 1.115]),
    io:format("~.20f~n", [0.1]),
    io:format("~.15e~n", [1/3]),
    io:format("~s ~s~n", [io_lib:format("~.3f", [2.0005]), io_lib:format("~.3f", [2.0015])]),
    io:format("~p~n", [[1.0e15, 1.0e16, 1.0e-4, 1.0e-5, 123.0e5]]),
    io:format("~w ~w ~w ~w~n", [1.0e21, 1.0e22, 0.1e-3, 1.0e-3]),
    io:format("~w~n", [[0.1, 0.2, 0.3, 0.7, 1.1, 2.675, 1.0e-7, 5.0e-7]]),
    io:format("~c~c~n", [16#41, 16#7A]),
    io:format("~s~n", [integer_to_list(255, 2)]),
    ok.
