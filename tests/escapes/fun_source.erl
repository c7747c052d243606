%% An ordinary module, not restricted, whose funs call the canary. The
%% escape tests hand these funs to restricted processes.
-module(fun_source).
-export([make/1, start_fun_server/1]).

%% Returns a local fun of this module. A call of it is checked as
%% {fun_source, '-make/1-fun-0-', 1}, the arity 0 plus one free variable.
make(Main) ->
    fun() -> canary:fire(Main) end.

%% Starts an unrestricted process that sends the fun of make/1 to whoever
%% sends it {get_fun, From}.
start_fun_server(Main) ->
    spawn(fun() -> fun_server_loop(Main) end).

fun_server_loop(Main) ->
    receive
        {get_fun, From} -> From ! {fun_for_you, make(Main)};
        _ -> ok
    end,
    fun_server_loop(Main).
