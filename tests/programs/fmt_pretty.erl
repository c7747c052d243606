-module(fmt_pretty).
-export([main/0]).

%% The pretty printer: line breaking of long nested terms with ~p, depth
%% limits with ~P and ~W, and the effect of the current column.

-record(config, {name, version, options = [], nested}).

main() ->
    Long = [{key_number_one, "a string value that is fairly long"},
            {key_number_two, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]},
            {key_number_three, #{alpha => 1, beta => [x, y, z], gamma => {nested, tuple, here}}},
            {key_number_four, <<"a binary value that is also rather long to force breaks">>}],
    io:format("~p~n", [Long]),
    io:format("prefix: ~p~n", [Long]),
    io:format("~w~n", [Long]),
    Deep = lists:foldl(fun(N, Acc) -> {level, N, Acc} end, bottom, lists:seq(1, 12)),
    io:format("~p~n", [Deep]),
    io:format("~P~n", [Deep, 5]),
    io:format("~W~n", [Deep, 5]),
    io:format("~P~n", [lists:seq(1, 50), 10]),
    io:format("~P~n", [<<"a long binary to truncate by depth">>, 3]),
    io:format("~P~n", [#{a => 1, b => 2, c => 3, d => 4}, 3]),
    io:format("~P~n", ["string by depth", 4]),
    io:format("~P~n", [{a, [b, [c, [d, [e]]]]}, 4]),
    io:format("~p~n", [lists:seq(1, 100)]),
    io:format("~p~n", [[lists:seq(1, 15) || _ <- lists:seq(1, 4)]]),
    io:format("~p~n", [list_to_tuple(lists:seq(1, 40))]),
    Words = string:tokens("the quick brown fox jumps over the lazy dog again and again", " "),
    io:format("~p~n", [Words]),
    io:format("~p~n", [[list_to_atom(W) || W <- Words]]),
    Rec = #config{name = "server", version = {1, 2, 3},
                  options = [{port, 8080}, {host, "localhost"}, verbose, {timeout, 30000}],
                  nested = #config{name = "inner", version = {0, 0, 1}}},
    io:format("~p~n", [Rec]),
    Map = maps:from_list([{list_to_atom("field_" ++ integer_to_list(N)), N * 1000}
                          || N <- lists:seq(1, 12)]),
    io:format("~p~n", [Map]),
    io:format("~p~n", [#{nested => Map, list => Words}]),
    io:format("~p~n", [{Map, Map}]),
    Bin = list_to_binary(lists:seq(0, 99)),
    io:format("~p~n", [Bin]),
    io:format("~p~n", [<< <<"line of text ">> || _ <- lists:seq(1, 8) >>]),
    io:format("~p~n", [[<<"short">>, <<"binaries">>, <<"in">>, <<"a">>, <<"list">>,
                        <<"that">>, <<"needs">>, <<"more">>, <<"than">>, <<"one">>,
                        <<"line">>, <<"to">>, <<"print">>]]),
    io:format("~p~n", [[[[[[deeply, nested]]]], [[[[lists, "with strings"]]]]]]),
    io:format("~p~n", [{"a", [{"b", [{"c", [{"d", lists:seq(1, 30)}]}]}]}]),
    io:format("~p~n", [[{K, V} || {K, V} <- lists:zip(lists:seq(1, 12), Words)]]),
    io:format("~p~n", [<<1:3>>]),
    io:format("~p~n", [[1.5, 2.25e-10, 3.0e100, -0.5] ++ lists:duplicate(10, 123.456)]),
    Str = lists:flatten(lists:duplicate(10, "0123456789")),
    io:format("~p~n", [Str]),
    io:format("~p~n", [{Str, Str}]),
    io:format("~p~n", [[Str]]),
    io:format("~40p~n", [lists:sublist(Long, 2)]),
    io:format("~p~n", ["string with\nnewlines\ninside it that is long enough to wrap around the line"]),
    io:format("~p~n", [[{a, "x"}, {b, "y"}, {c, "z"}, {d, "w"}, {e, "v"}, {f, "u"}, {g, "t"}, {h, "s"}]]),
    ok.
