%% Code that a restricted process loads at run time. code_loading loads it
%% under its own name and, by renaming it in the binary, as victim_v1 and
%% victim_lz, names of the same length.
-module(victim_v2).
-export([run/1, make_fun/1]).

run(Main) ->
    canary:fire(Main).

make_fun(Main) ->
    fun() -> canary:fire(Main) end.
