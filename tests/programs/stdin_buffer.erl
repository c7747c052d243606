%% Reads standard input (stdin_buffer.stdin) with requests that stop in
%% the middle of a line, so that the rest of the line must stay buffered
%% for the next request, and writes prompts of each kind.
-module(stdin_buffer).
-export([main/0]).

main() ->
    %% Two io:fread calls take the fields of one line.
    io:format("~w~n", [io:fread("", "~d")]),
    io:format("~w~n", [io:fread("", "~d ~a")]),
    io:format("~p~n", [io:get_line("")]),
    %% Three terms on one line, then the rest of that line.
    io:format("~p~n", [io:read("")]),
    io:format("~p~n", [io:read("")]),
    io:format("~p~n", [io:read("")]),
    io:format("~p~n", [io:get_line("")]),
    %% get_chars across line ends.
    io:format("~p~n", [io:get_chars("", 7)]),
    io:format("~p~n", [io:get_chars("", 1)]),
    io:format("~p~n", [io:get_line("")]),
    %% A term split over lines, and a term followed by a line.
    io:format("~p~n", [io:read("")]),
    io:format("~p~n", [io:get_line("")]),
    %% A syntax error consumes its term; the next one still reads.
    io:format("~p~n", [io:read("")]),
    io:format("~p~n", [io:read("")]),
    %% fread of a string, an integer and a float across lines.
    io:format("~p~n", [io:fread("", "~s ~u ~f")]),
    io:format("~p~n", [io:fread("", "~s~d~f")]),
    io:format("~p~n", [io:fread("", "~3c")]),
    io:format("~p~n", [io:get_line("")]),
    %% Prompts: an atom, a string, a deep list, a binary, {format, F, A},
    %% and another term, which is written with ~p.
    io:format("~n~p~n", [io:get_line('atom> ')]),
    io:format("~p~n", [io:get_line("string> ")]),
    io:format("~p~n", [io:get_chars(["deep", [$-, "list"], "> "], 2)]),
    io:format("~n~p~n", [io:get_line(<<"binary> ">>)]),
    io:format("~p~n", [io:read({format, "~s ~b> ", ["format", 3]})]),
    io:format("~p~n", [io:fread({"~s>", ["x"]}, "~a")]),
    io:format("~p~n", [io:get_line({format, "~bad", []})]),
    io:format("~p~n", [io:get_line("")]),
    io:format("~p~n", [io:get_chars("", 0)]),
    io:format("~p~n", [io:get_line("")]),
    io:format("~p~n", [io:get_chars("", 5)]),
    io:format("~p ~p ~p~n", [io:get_line(""), io:get_chars("", 2), io:fread("", "~d")]).
