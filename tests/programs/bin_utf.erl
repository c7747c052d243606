-module(bin_utf).
-export([main/0, id/1]).

%% UTF-8, UTF-16 and UTF-32 segments in construction and matching.

id(X) -> X.

main() ->
    Chars = [$A, 16#E9, 16#20AC, 16#1F600, 16#7FF, 16#800, 16#FFFF, 16#10000, 16#10FFFF],
    lists:foreach(
      fun(C) ->
              U8 = <<C/utf8>>,
              U16 = <<C/utf16>>,
              U16L = <<C/utf16-little>>,
              U32 = <<C/utf32>>,
              U32L = <<C/utf32-little>>,
              io:format("~.16B: ~w ~w ~w ~w ~w~n", [C, U8, U16, U16L, U32, U32L])
      end, Chars),
    Str = [16#48, 16#E9, 16#6C, 16#20AC, 16#1F600],
    Bin8 = << <<C/utf8>> || C <- Str >>,
    Bin16 = << <<C/utf16>> || C <- Str >>,
    io:format("~w~n~w~n", [Bin8, Bin16]),
    io:format("~w~n", [[C || <<C/utf8>> <= Bin8]]),
    io:format("~w~n", [[C || <<C/utf16>> <= Bin16]]),
    io:format("~w~n", [decode32(<< <<C/utf32-little>> || C <- Str >>)]),
    io:format("~w ~w~n", [byte_size(Bin8), length(Str)]),
    io:format("~ts~n", [Bin8]),
    io:format("~p~n", [Bin8]),
    io:format("~tp~n", [Bin8]),
    io:format("~p~n", [unicode:characters_to_list(Bin8)]),
    io:format("~tp~n", [unicode:characters_to_list(Bin8)]),
    Invalid = [fun() -> <<(?MODULE:id(16#110000))/utf8>> end,
               fun() -> <<(?MODULE:id(16#D800))/utf8>> end,
               fun() -> <<(?MODULE:id(-1))/utf16>> end,
               fun() -> <<C/utf8>> = ?MODULE:id(<<255>>), C end,
               fun() -> <<C/utf8>> = ?MODULE:id(<<16#C3>>), C end,
               fun() -> <<C/utf8>> = ?MODULE:id(<<16#ED, 16#A0, 16#80>>), C end,
               fun() -> <<C/utf32>> = ?MODULE:id(<<0, 17, 0, 0>>), C end],
    lists:foreach(
      fun(F) ->
              R = try F() catch C:E -> {C, E} end,
              io:format("~p~n", [R])
      end, Invalid),
    io:format("~p~n", [valid_utf8(?MODULE:id(<<"ok", 16#C3, 16#A9>>))]),
    io:format("~p~n", [valid_utf8(?MODULE:id(<<"bad", 16#C3>>))]),
    ok.

decode32(<<>>) -> [];
decode32(<<C/utf32-little, Rest/binary>>) -> [C | decode32(Rest)].

valid_utf8(<<>>) -> true;
valid_utf8(<<_/utf8, Rest/binary>>) -> valid_utf8(Rest);
valid_utf8(_) -> false.
