%% A module on the code path that nothing loads before code_loading's
%% restricted child tries to load its own code under this name.
-module(victim_lz).
-export([run/1]).

run(_Main) ->
    original.
