-module(phash).
-export([main/0]).
-compile({nowarn_deprecated_function, [{erlang, phash, 2}]}).

%% erlang:phash2 and erlang:phash values, plus md5, crc32 and adler32,
%% which are stable across OTP releases and machines.

main() ->
    Terms = [0, 1, -1, 42, 1 bsl 40, 1 bsl 100, -(1 bsl 100), 1.0, 0.5, -2.5,
             atom, '', "", "abc", [1, 2, 3], [a | b], {}, {a, b}, {1, {2, {3}}},
             <<>>, <<"abc">>, <<1:3>>, <<1, 2, 3, 4:5>>, #{}, #{a => 1}, #{1 => a, b => "c"},
             lists:seq(1, 100), list_to_binary(lists:seq(0, 255)), true, false,
             fun lists:map/2, [#{k => [<<"v">>]}]],
    lists:foreach(
      fun(T) ->
              io:format("~w: ~w ~w ~w~n",
                        [T, erlang:phash2(T), erlang:phash2(T, 1000), erlang:phash(T, 1 bsl 32)])
      end, Terms),
    io:format("~w~n", [erlang:phash2(maps:from_list([{X, X} || X <- lists:seq(1, 50)]))]),
    io:format("~w~n", [erlang:phash2({1, 1.0})]),
    io:format("~w~n", [erlang:phash2(1) =:= erlang:phash2(1.0)]),
    io:format("~w~n", [erlang:md5(<<"hello">>)]),
    io:format("~w~n", [erlang:md5("")]),
    io:format("~w ~w~n", [erlang:crc32(<<"hello">>), erlang:crc32(["hel", <<"lo">>])]),
    io:format("~w~n", [erlang:crc32(erlang:crc32(<<"hel">>), <<"lo">>)]),
    io:format("~w ~w~n", [erlang:adler32(<<"hello">>), erlang:adler32(<<>>)]),
    Buckets = lists:foldl(fun(N, Acc) ->
                                  B = erlang:phash2(N, 8),
                                  setelement(B + 1, Acc, element(B + 1, Acc) + 1)
                          end, erlang:make_tuple(8, 0), lists:seq(1, 10000)),
    io:format("~w~n", [Buckets]),
    ok.
