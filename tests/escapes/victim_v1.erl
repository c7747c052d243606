%% A module that code_loading lists as trusted and that its main process
%% calls. run/1 makes a static call that only trust permits in an
%% allowlist child, and does not touch the canary.
-module(victim_v1).
-export([run/1]).

run(_Main) ->
    true = is_reference(erlang:make_ref()),
    original.
