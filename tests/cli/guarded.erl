%% An entry for the command-line policy tests: it prints a permitted
%% call's result, then tries a call that the tests' policies forbid.
-module(guarded).
-export([main/0]).

main() ->
    io:format("~p~n", [lists:reverse([1, 2, 3])]),
    Pid = spawn(fun() -> ok end),
    io:format("spawned ~p~n", [is_pid(Pid)]),
    io:format("~p~n", [catch os:getpid() =/= []]).
