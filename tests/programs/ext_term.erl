-module(ext_term).
-export([main/0, id/1]).

%% The external term format: exact bytes of term_to_binary for several
%% terms, round trips through binary_to_term, options and decoding errors.

id(X) -> X.

main() ->
    Exact = [0, 255, 256, -1, 1 bsl 31, -(1 bsl 31), 1 bsl 64, -(1 bsl 64) - 1,
             1.5, -0.0, atom, 'with space', '', "abc", [1, 2, 300], [], [a | b],
             {}, {ok, 1}, <<>>, <<1, 2, 3>>, <<7:3>>, #{}, #{a => 1, b => [2]},
             {[{nested, <<"bin">>}], #{"k" => {v}}}, fun lists:map/2, true, [[]],
             lists:seq(1, 300)],
    lists:foreach(
      fun(T) ->
              B = term_to_binary(T),
              Back = binary_to_term(B),
              io:format("~w -> ~w ~w~n", [T, B, Back =:= T])
      end, lists:sublist(Exact, length(Exact) - 1)),
    LongList = term_to_binary(lists:seq(1, 300)),
    io:format("long list: ~w bytes, prefix ~w~n",
              [byte_size(LongList), binary:part(LongList, 0, 8)]),
    Float0 = term_to_binary(3.25, [{minor_version, 0}]),
    io:format("minor_version 0 float: ~w~n", [Float0]),
    io:format("~p~n", [binary_to_term(Float0)]),
    Atom0 = term_to_binary(abc, [{minor_version, 1}]),
    io:format("minor_version 1 atom: ~w~n", [Atom0]),
    Big = {lists:duplicate(200, repeated), list_to_binary(lists:duplicate(500, $x))},
    Compressed = term_to_binary(Big, [compressed]),
    io:format("compressed smaller: ~p~n", [byte_size(Compressed) < byte_size(term_to_binary(Big))]),
    io:format("compressed tag: ~w~n", [binary:part(Compressed, 0, 2)]),
    io:format("compressed round trip: ~p~n", [binary_to_term(Compressed) =:= Big]),
    io:format("~w~n", [binary_to_term(<<131, 97, 42>>)]),
    io:format("~w~n", [binary_to_term(<<131, 98, 255, 255, 255, 255>>)]),
    io:format("~w~n", [binary_to_term(<<131, 110, 2, 1, 0, 1>>)]),
    io:format("~w~n", [binary_to_term(<<131, 100, 0, 3, $o, $l, $d>>)]),
    io:format("~w~n", [binary_to_term(<<131, 104, 2, 97, 1, 106>>)]),
    io:format("~w~n", [binary_to_term(<<131, 108, 0, 0, 0, 1, 97, 1, 97, 2>>)]),
    io:format("~w~n", [binary_to_term(<<131, 107, 0, 2, 104, 105>>)]),
    io:format("~w~n", [binary_to_term(<<131, 116, 0, 0, 0, 1, 119, 1, $k, 97, 5>>)]),
    io:format("~w~n", [binary_to_term(<<131, 109, 0, 0, 0, 2, 1, 2, 0>>, [used])]),
    Bad = [<<>>, <<131>>, <<130, 97, 1>>, <<131, 97>>, <<131, 107, 0, 5, 1>>,
           <<131, 200>>, <<131, 97, 1, 99>>],
    lists:foreach(
      fun(B) ->
              R = try binary_to_term(B) catch error:E -> E end,
              io:format("~w -> ~p~n", [B, R])
      end, Bad),
    Unknown = <<131, 119, 20, "no_such_atom_kx93qz">>,
    Safe = try binary_to_term(Unknown, [safe]) catch error:E1 -> E1 end,
    io:format("safe unknown atom: ~p~n", [Safe]),
    Clos = fun(X) -> X + ?MODULE:id(1) end,
    Clos2 = binary_to_term(term_to_binary(Clos)),
    io:format("local fun round trip: ~p ~p~n", [Clos2 =:= Clos, Clos2(41)]),
    Ext = binary_to_term(term_to_binary(fun lists:reverse/1)),
    io:format("external fun round trip: ~p~n", [Ext([1, 2, 3])]),
    Self = binary_to_term(term_to_binary(self())),
    io:format("pid round trip: ~p~n", [Self =:= self()]),
    Ref = make_ref(),
    io:format("ref round trip: ~p~n", [binary_to_term(term_to_binary(Ref)) =:= Ref]),
    Huge = 1 bsl 2100,
    HB = term_to_binary(Huge),
    io:format("huge int: tag ~w size ~p round trip ~p~n",
              [binary:at(HB, 1), byte_size(HB), binary_to_term(HB) =:= Huge]),
    io:format("~p~n", [erlang:external_size({a, [1, 2], <<"x">>})]),
    io:format("~p~n", [byte_size(term_to_binary({a, [1, 2], <<"x">>}))]),
    Sub = binary:part(?MODULE:id(<<0, 1, 2, 3, 4, 5, 6, 7>>), 2, 4),
    io:format("sub-binary: ~w~n", [term_to_binary(Sub)]),
    io:format("~w~n", [term_to_binary(<<1:1, 0:1, 1:1>>)]),
    ok.
