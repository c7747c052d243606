%% Spawns a process that holds a binary and a tuple in its X registers and
%% waits, so that adv_read_other_registers can look for them.
-module(adv_victim).
-export([start/0]).

start() ->
    spawn(fun() -> hold(<<"hunter2">>, {card, 4111111111111111}) end).

hold(Password, Card) ->
    receive
        stop -> {Password, Card}
    end.
