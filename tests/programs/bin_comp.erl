-module(bin_comp).
-export([main/0]).

%% Binary comprehensions and list comprehensions over binaries.

main() ->
    io:format("~w~n", [<< <<(X * 2)>> || <<X>> <= <<1, 2, 3, 4>> >>]),
    io:format("~w~n", [<< <<X>> || <<X>> <= <<1, 2, 3, 4, 5, 6>>, X rem 2 =:= 0 >>]),
    io:format("~w~n", [<< <<X:4, Y:4>> || <<X:4, Y:4>> <= <<16#12, 16#34>> >>]),
    io:format("~w~n", [<< <<Y:4, X:4>> || <<X:4, Y:4>> <= <<16#12, 16#34>> >>]),
    io:format("~w~n", [<< <<X:16>> || X <- [1, 256, 65535] >>]),
    io:format("~w~n", [[{X, Y} || <<X:8, Y:8>> <= <<1, 2, 3, 4, 5>>]]),
    io:format("~p~n", [<< <<(C - 32)>> || <<C>> <= <<"upper me">>, C =/= $\s >>]),
    io:format("~w~n", [<< <<B/binary, B/binary>> || <<B:1/binary>> <= <<"abc">> >>]),
    io:format("~w~n", [<< <<X:3>> || X <- [1, 2, 3] >>]),
    io:format("~w~n", [<< <<X:1>> || <<X:1>> <= <<2#10101010>> >>]),
    io:format("~w~n", [<< <<X>> || <<X>> <= <<>> >>]),
    io:format("~w~n", [<< <<X, Y>> || X <- [1, 2], Y <- [10, 20] >>]),
    Hex = << <<(hex(N))>> || <<N:4>> <= <<"Hi!">> >>,
    io:format("~s~n", [Hex]),
    io:format("~p~n", [unhex(Hex)]),
    RLE = rle(<<"aaabccddddde">>),
    io:format("~p~n", [RLE]),
    Xor = << <<(A bxor K)>> || {A, K} <- lists:zip(binary_to_list(<<"secret">>),
                                                    binary_to_list(<<"keykey">>)) >>,
    io:format("~w~n", [Xor]),
    io:format("~w~n", [<< <<(A bxor K)>> || {A, K} <- lists:zip(binary_to_list(Xor),
                                                                binary_to_list(<<"keykey">>)) >>]),
    Big = << <<(X rem 256)>> || X <- lists:seq(1, 100000) >>,
    io:format("~w ~w~n", [byte_size(Big), lists:sum([X || <<X>> <= Big])]),
    ok.

hex(N) when N < 10 -> $0 + N;
hex(N) -> $a + N - 10.

unhex(Hex) -> << <<(list_to_integer([H, L], 16))>> || <<H, L>> <= Hex >>.

rle(<<>>) -> [];
rle(<<C, Rest/binary>>) -> rle(Rest, C, 1).

rle(<<C, Rest/binary>>, C, N) -> rle(Rest, C, N + 1);
rle(Rest, C, N) -> [{C, N} | rle(Rest)].
