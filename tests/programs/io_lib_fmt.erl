-module(io_lib_fmt).
-export([main/0, id/1]).

%% io_lib: format returning character lists, write and print variants,
%% fwrite, char and string helpers, and formatting into binaries.

id(X) -> X.

main() ->
    %% The nesting of io_lib:format's result is not specified, so it is
    %% flattened before printing.
    S = io_lib:format("~p-~w-~s", [[1, 2], abc, "str"]),
    io:format("~p~n", [is_list(S)]),
    io:format("~p~n", [lists:flatten(S)]),
    io:format("~p~n", [iolist_to_binary(S)]),
    io:format("~p~n", [lists:flatten(io_lib:format("~5.2f|~-6s|~3w", [1.5, "ab", 7]))]),
    io:format("~p~n", [lists:flatten(io_lib:fwrite("~b ~.16B", [10, 255]))]),
    io:format("~p~n", [lists:flatten(io_lib:write({a, "b", <<"c">>, [d]}))]),
    io:format("~p~n", [lists:flatten(io_lib:write([1, 2, 3], 2))]),
    io:format("~p~n", [lists:flatten(io_lib:print({a, "b", <<"c">>}))]),
    io:format("~p~n", [lists:flatten(io_lib:write_atom('needs quotes'))]),
    io:format("~p~n", [lists:flatten(io_lib:write_string("say \"hi\""))]),
    io:format("~p~n", [lists:flatten(io_lib:write_char($a))]),
    io:format("~p~n", [io_lib:printable_list("hello")]),
    io:format("~p~n", [io_lib:printable_list([1, 2])]),
    io:format("~p~n", [io_lib:printable_latin1_list([233, 97])]),
    io:format("~p~n", [io_lib:printable_unicode_list([8364])]),
    io:format("~p~n", [io_lib:char_list("abc")]),
    io:format("~p~n", [io_lib:deep_char_list(["a", ["b"]])]),
    io:format("~p~n", [lists:flatten(io_lib:format("~p", [lists:seq(1, 40)]))]),
    Wide = lists:flatten(io_lib:format("~p", [[{key, lists:seq(1, 30)}, {other, "string value"}]])),
    io:format("~s~n", [Wide]),
    io:format("~p~n", [length(Wide)]),
    io:format("~p~n", [lists:flatten(io_lib:format("~ts", [[8364, $a]]))]),
    io:format("~p~n", [unicode:characters_to_binary(io_lib:format("~ts", [[8364]]))]),
    io:format("~p~n", [lists:flatten(io_lib:format("~i~w", [skipped, shown]))]),
    io:format("~p~n", [lists:flatten(io_lib:format("~~~n", []))]),
    io:format("~p~n", [io_lib:fread("~d", "42 rest")]),
    io:format("~p~n", [io_lib:fread("~a ~s", "atom string")]),
    io:format("~p~n", [io_lib:fread("~f", "1.5")]),
    io:format("~p~n", [lists:flatten(io_lib:format("~10.3.0f", [-3.14159]))]),
    io:format("~p~n", [lists:flatten(io_lib:format("~P", [[a, b, c, d, e], 3]))]),
    io:format("~p~n", [lists:flatten(io_lib:format("~W", [{a, {b, {c, {d}}}}, 3]))]),
    R = try io_lib:format(?MODULE:id("~w ~w"), [one]) catch error:E -> E end,
    io:format("~p~n", [R]),
    io:format("~s~n", [io_lib:format("~s and ~s", [<<"binary">>, 'atom'])]),
    io:format("~p~n", [erlang:iolist_to_binary(io_lib:format("~8.3.0f", [2.5]))]),
    ok.
