%% Spawns a process that fills its X registers with terms on its heap and
%% exits, so that its heap is freed while the terms stay in the registers.
-module(adv_victim_exits).
-export([start/0]).

start() ->
    spawn(fun() ->
        done(list_to_tuple(lists:seq(1, 5000)), list_to_binary(lists:duplicate(10, "secret")))
    end).

done(Big, Secret) ->
    erlang:garbage_collect(),
    erlang:yield(),
    {Big, Secret}.
