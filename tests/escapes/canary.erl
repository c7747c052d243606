%% The forbidden function of the escape tests, standing for something like
%% os:cmd/1. No policy in these tests permits a call to canary, so any call
%% that reaches it is an escape.
%%
%% fire/1 sends `escaped` to Target (the pid or registered name of the test's
%% main process), starts a process that prints "ESCAPED", and returns
%% `fired`. It raises nothing, so a caller that expected a policy violation
%% sees a return value instead. The printing happens in a new process
%% because the canary may run inside the I/O server, which cannot serve its
%% own io:format request.
-module(canary).
-export([fire/1, fire/3]).

fire(Target) ->
    try
        Target ! escaped
    catch
        _:_ -> ok
    end,
    try
        spawn(fun() -> io:format("ESCAPED~n") end)
    catch
        _:_ -> ok
    end,
    fired.

%% The shape of an io get_until callback: Module:Function(State, Data, Args...).
fire(_State, _Data, Target) ->
    fire(Target).
