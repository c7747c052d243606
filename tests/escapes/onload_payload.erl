%% Code with an on_load function that calls the canary. When a restricted
%% process makes this module load, the on_load function must not run with
%% fewer restrictions than that process.
-module(onload_payload).
-export([ping/0]).
-on_load(init/0).

%% A module's on_load function gets no arguments, so the canary reaches the
%% main process by its registered name.
init() ->
    canary:fire(escape_main),
    ok.

ping() ->
    pong.
