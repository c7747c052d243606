%% Reads UTF-8 standard input (stdin_unicode.stdin) after
%% io:setopts([{encoding, unicode}]): lines, characters, terms and fields
%% with characters above 255, and output in the unicode encoding.
-module(stdin_unicode).
-export([main/0]).

main() ->
    io:format("~p~n", [io:getopts()]),
    ok = io:setopts([{encoding, unicode}]),
    io:format("~p~n", [io:getopts()]),
    Line = io:get_line(""),
    io:format("~w~n", [Line]),
    io:format("~ts", [Line]),
    io:format("~w~n", [io:get_chars("", 3)]),
    io:format("~w~n", [io:get_chars("", 4)]),
    {ok, Term} = io:read(""),
    io:format("~w~n", [Term]),
    io:format("~tp~n", [Term]),
    io:format("~w~n", [io:fread("", "~ts ~d")]),
    io:format("~w~n", [io:get_line("")]),
    io:put_chars([1046, 246, $\n]),
    io:format("~w~n", [io:get_line('ж> ')]),
    io:format("~p~n", [io:setopts([{encoding, utf16}])]),
    io:format("~p~n", [io:setopts([bogus])]),
    ok = io:setopts([{encoding, latin1}]),
    io:format("~p~n", [io:getopts()]),
    io:format("~w~n", [io:get_line("")]).
