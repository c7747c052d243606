%% Entry functions for the command-line tests: remember/0 and recall/0
%% share state only if -run calls run in one process, as under erl.
-module(entries).
-export([remember/0, recall/0]).

remember() ->
    put(entries_key, remembered).

recall() ->
    io:format("~p~n", [get(entries_key)]).
