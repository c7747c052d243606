-module(bitstrings).
-export([main/0, id/1]).

%% Bitstrings whose size is not a multiple of 8: building, matching,
%% printing, comparing and the BIFs that accept or reject them.

id(X) -> X.

main() ->
    B3 = <<5:3>>,
    B11 = <<1027:11>>,
    io:format("~w ~w~n", [B3, B11]),
    io:format("~p ~p~n", [B3, B11]),
    io:format("~w ~w~n", [bit_size(B11), byte_size(B11)]),
    io:format("~w ~w~n", [is_binary(B11), is_bitstring(B11)]),
    Cat = <<B3/bits, B11/bits>>,
    io:format("~w ~w~n", [Cat, bit_size(Cat)]),
    Cat2 = <<B3/bits, B3/bits, B3/bits, B3/bits, B3/bits, B3/bits, B3/bits, B3/bits>>,
    io:format("~w ~w~n", [Cat2, is_binary(Cat2)]),
    io:format("~w~n", [bitstring_to_list(<<1, 2, 3:5>>)]),
    io:format("~w~n", [list_to_bitstring([<<1>>, <<1:1>>, [<<2:2>>]])]),
    <<A:3, Rest/bits>> = ?MODULE:id(<<16#F0, 16#0F>>),
    io:format("~w ~w~n", [A, Rest]),
    io:format("~w~n", [reverse_bits(?MODULE:id(<<2#10110:5>>))]),
    io:format("~w~n", [<< <<X:1>> || X <- [1, 0, 1, 1, 0, 0, 1] >>]),
    io:format("~w~n", [[X || <<X:3>> <= ?MODULE:id(<<2#101110011:9, 0:1>>)]]),
    io:format("~w~n", [lists:sort([<<1:1>>, <<0:1>>, <<0:2>>, <<1>>, <<>>, <<1:2>>])]),
    io:format("~w~n", [<<1:1>> < <<1>>]),
    io:format("~w~n", [<<255:7>> =:= <<127:7>>]),
    R = try bit_size(?MODULE:id(foo)) catch error:E -> E end,
    io:format("~w~n", [R]),
    R2 = try binary_to_list(?MODULE:id(<<1:9>>)) catch error:E2 -> E2 end,
    io:format("~w~n", [R2]),
    R3 = try list_to_binary([?MODULE:id(<<1:9>>)]) catch error:E3 -> E3 end,
    io:format("~w~n", [R3]),
    io:format("~w~n", [erlang:bit_size(<<>>)]),
    io:format("~w~n", [term_to_binary(<<3:2>>)]),
    io:format("~w~n", [binary_to_term(term_to_binary(<<1, 2, 3:7>>))]),
    Long = << <<(X rem 2):1>> || X <- lists:seq(1, 1001) >>,
    io:format("~w ~w~n", [bit_size(Long), byte_size(Long)]),
    <<_:1000, Last:1>> = Long,
    io:format("~w~n", [Last]),
    io:format("~w~n", [erlang:phash2(Long)]),
    ok.

reverse_bits(<<>>) -> <<>>;
reverse_bits(<<B:1, Rest/bits>>) ->
    R = reverse_bits(Rest),
    <<R/bits, B:1>>.
