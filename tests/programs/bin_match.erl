-module(bin_match).
-export([main/0, id/1]).

%% Bit syntax matching: fixed and variable sizes, tails, types and failures.

id(X) -> X.

main() ->
    <<A, B, Rest/binary>> = ?MODULE:id(<<1, 2, 3, 4, 5>>),
    io:format("~w ~w ~w~n", [A, B, Rest]),
    <<X:16, Y:16/little>> = ?MODULE:id(<<1, 2, 1, 2>>),
    io:format("~w ~w~n", [X, Y]),
    <<S:8/signed, U:8/unsigned>> = ?MODULE:id(<<255, 255>>),
    io:format("~w ~w~n", [S, U]),
    <<Len:8, Payload:Len/binary, Tail/binary>> = ?MODULE:id(<<3, "abcde">>),
    io:format("~w ~p ~p~n", [Len, Payload, Tail]),
    <<F:64/float>> = ?MODULE:id(<<64, 9, 33, 251, 84, 68, 45, 24>>),
    io:format("~p~n", [F]),
    <<F32:32/float-little>> = ?MODULE:id(<<0, 0, 192, 63>>),
    io:format("~p~n", [F32]),
    <<H:4, L:4>> = ?MODULE:id(<<16#A5>>),
    io:format("~w ~w~n", [H, L]),
    <<B1:1, B2:1, B3:6>> = ?MODULE:id(<<2#10111111>>),
    io:format("~w ~w ~w~n", [B1, B2, B3]),
    <<Big:72>> = ?MODULE:id(<<1, 0, 0, 0, 0, 0, 0, 0, 0>>),
    io:format("~w~n", [Big]),
    <<NegBig:72/signed>> = ?MODULE:id(<<255, 0, 0, 0, 0, 0, 0, 0, 0>>),
    io:format("~w~n", [NegBig]),
    io:format("~p~n", [parse_tlv(?MODULE:id(<<1, 2, "hi", 2, 1, 0, 3, 3, "xyz">>))]),
    io:format("~p~n", [words(<<"the quick  brown fox">>)]),
    io:format("~p~n", [case ?MODULE:id(<<"GET /index.html HTTP/1.1">>) of
                           <<"GET ", Path/binary>> -> {get, Path};
                           <<"POST ", Path/binary>> -> {post, Path}
                       end]),
    io:format("~p~n", [match_prefix(?MODULE:id(<<"POST /x">>))]),
    io:format("~p~n", [match_prefix(?MODULE:id(<<"PUT /x">>))]),
    <<Bits:3/bits, More/bits>> = ?MODULE:id(<<255, 0>>),
    io:format("~w ~w~n", [Bits, More]),
    <<_:5, Odd:7, _/bits>> = ?MODULE:id(<<1, 255, 0>>),
    io:format("~w~n", [Odd]),
    io:format("~p~n", [sum_bytes(?MODULE:id(list_to_binary(lists:seq(1, 100))), 0)]),
    io:format("~p~n", [count_ones(?MODULE:id(<<255, 1, 128, 7>>), 0)]),
    Sz = ?MODULE:id(2),
    <<Part:Sz/binary-unit:16, _/binary>> = ?MODULE:id(<<1, 2, 3, 4, 5>>),
    io:format("~w~n", [Part]),
    io:format("~w~n", [try_match(?MODULE:id(<<1, 2>>))]),
    io:format("~w~n", [try_match(?MODULE:id(<<1, 2, 3>>))]),
    io:format("~w~n", [try_match(?MODULE:id(<<1>>))]),
    R = try <<_:8, _:8>> = ?MODULE:id(<<1>>) catch error:E -> E end,
    io:format("~p~n", [R]),
    Guarded = [classify(Bin) || Bin <- [<<>>, <<1>>, <<1, 2, 3, 4>>, <<1:4>>]],
    io:format("~p~n", [Guarded]),
    <<"abc", Z/binary>> = ?MODULE:id(<<"abcdef">>),
    io:format("~p~n", [Z]),
    <<U16/utf8, U16Rest/binary>> = ?MODULE:id(<<"€uro"/utf8>>),
    io:format("~w ~p~n", [U16, U16Rest]),
    ok.

parse_tlv(<<>>) -> [];
parse_tlv(<<T, L, V:L/binary, Rest/binary>>) -> [{T, V} | parse_tlv(Rest)].

words(Bin) -> words(Bin, <<>>, []).

words(<<>>, <<>>, Acc) -> lists:reverse(Acc);
words(<<>>, W, Acc) -> lists:reverse([W | Acc]);
words(<<" ", Rest/binary>>, <<>>, Acc) -> words(Rest, <<>>, Acc);
words(<<" ", Rest/binary>>, W, Acc) -> words(Rest, <<>>, [W | Acc]);
words(<<C, Rest/binary>>, W, Acc) -> words(Rest, <<W/binary, C>>, Acc).

match_prefix(<<"GET ", _/binary>>) -> get;
match_prefix(<<"POST ", _/binary>>) -> post;
match_prefix(_) -> other.

sum_bytes(<<>>, Acc) -> Acc;
sum_bytes(<<B, Rest/binary>>, Acc) -> sum_bytes(Rest, Acc + B).

count_ones(<<>>, N) -> N;
count_ones(<<1:1, Rest/bits>>, N) -> count_ones(Rest, N + 1);
count_ones(<<0:1, Rest/bits>>, N) -> count_ones(Rest, N).

try_match(<<A, B>>) -> {two, A, B};
try_match(<<A, _/binary>>) when A > 0 -> {many, A};
try_match(_) -> none.

classify(B) when byte_size(B) =:= 0, is_binary(B) -> empty;
classify(B) when is_binary(B), byte_size(B) < 3 -> short;
classify(B) when is_binary(B) -> long;
classify(B) when is_bitstring(B) -> {bits, bit_size(B)}.
