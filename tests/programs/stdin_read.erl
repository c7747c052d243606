%% Reads standard input (stdin_read.stdin) with each of io's input
%% functions, then reads lines until eof.
-module(stdin_read).
-export([main/0]).

main() ->
    io:format("get_line: ~p~n", [io:get_line("")]),
    io:format("read: ~p~n", [io:read("")]),
    io:format("read again: ~p~n", [io:read('prompt> ')]),
    io:format("fread: ~p~n", [io:fread("", "~d ~d")]),
    io:format("fread string: ~p~n", [io:fread("", "~s")]),
    io:format("get_chars: ~p~n", [io:get_chars("", 3)]),
    io:format("rest of line: ~p~n", [io:get_line("")]),
    Lines = read_lines([]),
    io:format("~b more lines, longest ~b characters~n",
              [length(Lines), lists:max([length(L) || L <- Lines])]),
    io:format("last: ~p~n", [lists:last(Lines)]),
    io:format("after eof: ~p ~p~n", [io:get_line(""), io:read("")]).

read_lines(Acc) ->
    case io:get_line("") of
        eof -> lists:reverse(Acc);
        Line -> read_lines([Line | Acc])
    end.
