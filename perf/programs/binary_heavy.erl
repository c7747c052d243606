%% Builds and decodes binaries: append, bit syntax segments and comprehensions.
%%   cordon -pa perf/programs -run binary_heavy main 200
-module(binary_heavy).
-export([main/1, bench/1]).

%% Records encoded in each round.
-define(RECORDS, 5000).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("binary_heavy(~b) = ~b~ntime_us ~b~n", [N, Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Runs N rounds and returns the sum of their checksums.
run(N) -> run(N, 0).

run(0, Sum) -> Sum;
run(N, Sum) -> run(N - 1, (Sum + run_round(N)) band 16#FFFFFFFFFFFF).

run_round(Seed) ->
    Encoded = encode(1, Seed, <<>>),
    {Count, Checksum} = decode(Encoded, 0, 0),
    Masked = << <<(Byte bxor 16#5A)>> || <<Byte>> <= Encoded >>,
    Nibbles = << <<High:4, Low:4>> || <<Low:4, High:4>> <= Masked >>,
    Count + Checksum + byte_sum(Nibbles, 0) + byte_size(Encoded).

%% Appends records 1..?RECORDS to Acc. A record is a 32-bit big-endian id, a
%% signed 16-bit little-endian value, 3 flag bits and a 5-bit kind, a varint,
%% then a name of up to 15 bytes with its length in one byte.
encode(I, _Seed, Acc) when I > ?RECORDS ->
    Acc;
encode(I, Seed, Acc) ->
    Id = (I * 2654435761 + Seed) band 16#FFFFFFFF,
    Value = (I * 37) rem 65536 - 32768,
    Flags = I band 7,
    Kind = (I + Seed) rem 32,
    Varint = varint(I * I * Seed),
    Name = binary:copy(<<"ab">>, (I rem 15) div 2),
    Acc1 = <<Acc/binary, Id:32, Value:16/little-signed, Flags:3, Kind:5,
             Varint/binary, (byte_size(Name)):8, Name/binary>>,
    encode(I + 1, Seed, Acc1).

%% Encodes a non-negative integer as 7 bits a byte, low group first, with the
%% top bit set on every byte but the last.
varint(N) when N < 128 -> <<N>>;
varint(N) -> <<1:1, (N band 127):7, (varint(N bsr 7))/binary>>.

decode(<<>>, Count, Checksum) ->
    {Count, Checksum};
decode(<<Id:32, Value:16/little-signed, Flags:3, Kind:5, Rest/binary>>, Count, Checksum) ->
    {Varint, <<Length:8, Name:Length/binary, Rest1/binary>>} = decode_varint(Rest, 0, 0),
    Sum = (Id bxor Value) + Flags * Kind + Varint + byte_sum(Name, 0),
    decode(Rest1, Count + 1, (Checksum * 31 + Sum) band 16#FFFFFFFFFF).

decode_varint(<<1:1, Low:7, Rest/binary>>, Shift, Acc) ->
    decode_varint(Rest, Shift + 7, Acc bor (Low bsl Shift));
decode_varint(<<0:1, Low:7, Rest/binary>>, Shift, Acc) ->
    {Acc bor (Low bsl Shift), Rest}.

byte_sum(<<>>, Sum) -> Sum;
byte_sum(<<Byte, Rest/binary>>, Sum) -> byte_sum(Rest, Sum + Byte).
