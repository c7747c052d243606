%% The mandelbrot benchmark: float loops, printing a bitmap checksum only.
%%   cordon -pa perf/programs -run mandelbrot main 1000
-module(mandelbrot).
-export([main/1, bench/1]).

-define(MAX_ITERATIONS, 50).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Rows = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    {Pixels, Checksum} = checksum(Rows),
    io:format("mandelbrot(~b): ~b pixels set, checksum ~b~ntime_us ~b~n",
              [N, Pixels, Checksum, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Returns the rows of the bitmap, one bit a pixel, each row padded with
%% zero bits to whole bytes as in the benchmark's PBM output.
run(N) -> [row(N, Y) || Y <- lists:seq(0, N - 1)].

row(N, Y) ->
    Ci = 2.0 * Y / N - 1.0,
    Bits = << <<(in_set(2.0 * X / N - 1.5, Ci)):1>> || X <- lists:seq(0, N - 1) >>,
    Padding = (8 - bit_size(Bits) rem 8) rem 8,
    <<Bits/bitstring, 0:Padding>>.

%% Returns 1 if z stays within radius 2 for ?MAX_ITERATIONS steps of
%% z = z^2 + c from z = 0, checking z before each step and after the last,
%% otherwise 0.
in_set(Cr, Ci) -> iterate(?MAX_ITERATIONS, 0.0, 0.0, Cr, Ci).

iterate(0, Zr, Zi, _Cr, _Ci) ->
    case Zr * Zr + Zi * Zi > 4.0 of
        true -> 0;
        false -> 1
    end;
iterate(I, Zr, Zi, Cr, Ci) ->
    Tr = Zr * Zr,
    Ti = Zi * Zi,
    case Tr + Ti > 4.0 of
        true -> 0;
        false -> iterate(I - 1, Tr - Ti + Cr, 2.0 * Zr * Zi + Ci, Cr, Ci)
    end.

%% Returns {SetPixels, Hash}, where Hash folds every byte of the bitmap.
checksum(Rows) ->
    lists:foldl(fun(Row, Acc) -> checksum_bytes(Row, Acc) end, {0, 0}, Rows).

checksum_bytes(<<>>, Acc) ->
    Acc;
checksum_bytes(<<Byte, Rest/binary>>, {Pixels, Hash}) ->
    Set = lists:sum([(Byte bsr Bit) band 1 || Bit <- lists:seq(0, 7)]),
    checksum_bytes(Rest, {Pixels + Set, (Hash * 31 + Byte) band 16#FFFFFFF}).
