%% Code you did not write: it computes something, then tries to reach the
%% operating system and the VM's own processes. Run it under
%% untrusted.policy to see both attempts denied.
-module(untrusted).
-export([main/0]).

main() ->
    Squares = [X * X || X <- lists:seq(1, 10)],
    io:format("sum of squares: ~p~n", [lists:sum(Squares)]),
    try os:cmd("echo this should not run") of
        Output -> io:format("os:cmd ran: ~s", [Output])
    catch
        error:Reason -> io:format("os:cmd raised ~p~n", [Reason])
    end,
    try whereis(init) of
        Pid -> io:format("found the init process: ~p~n", [Pid])
    catch
        error:Why -> io:format("whereis raised ~p~n", [Why])
    end.
