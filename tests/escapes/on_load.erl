%% Escapes through on_load functions. OTP runs the on_load function of a
%% module in a process of its own, which is unrestricted, so a restricted
%% process that makes a module load could run that function with fewer
%% restrictions. onload_payload's on_load function calls the canary.
%%
%% Open case, resolved so that the escape stays closed: the on_load function
%% runs under the layers of the process whose call made the module load.
%% The canary call in it fails, so the on_load function fails, the module
%% stays unloaded, and the call that loaded it raises undef, as for any
%% failing on_load function. A restricted process cannot load a module with
%% code:load_binary/3 at all (see code_loading).
-module(on_load).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(ALLOW_ONLOAD, #{mode => allow, mfas => [{?MODULE, '_', '_'}, {onload_payload, '_', '_'}]}).
-define(DENY, #{mode => deny, mfas => [{canary, '_', '_'}]}).

run(Mode) ->
    Ctx = start_run(Mode),
    {onload_payload, OnLoad, _} = code:get_object_code(onload_payload),
    %% The first call of a module on the code path loads it.
    attempt(Ctx, first_call_loads_module, [?DENY], fun(_) ->
        onload_payload:ping()
    end),
    attempt(Ctx, first_call_loads_module_allow_mode, [?ALLOW_ONLOAD], fun(_) ->
        onload_payload:ping()
    end),
    attempt(Ctx, load_binary_with_on_load, [?DENY], fun(_) ->
        code:load_binary(onload_payload, "onload_payload.beam", gift())
    end, OnLoad),
    finish_run().
