%% Escapes through a trusted module. `trusted` exempts only static external
%% calls (M:F(...) with literal M and F) made by the trusted module's code,
%% and only in the layer that lists it. Targets chosen at run time are
%% always checked: applies, fun calls, and the functions that library code
%% such as lists:map/2 calls back.
%%
%% Open cases, resolved so that the escape stays closed:
%% - `spawn => false` and name checks are not MFA checks, so trust does not
%%   lift them. Otherwise trusted code could start a child without an
%%   inherit => false layer, or reach a name that the caller chose.
%% - list_to_pid/1 in a layer whose names is not `all` is a name lookup
%%   (see pid_forging), so trust does not lift it either.
-module(trusted_modules).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(TRUSTING,
        #{mode => allow,
          mfas => [{?MODULE, '_', '_'}, {trusted_lib, '_', '_'}],
          trusted => [trusted_lib]}).

run(Mode) ->
    Ctx = start_run(Mode),
    register(spawner, start_spawner()),
    trust_in_effect(Ctx),
    run_time_targets(Ctx),
    spawns_and_names(Ctx),
    finish_run().

trust_in_effect(Ctx) ->
    attempt(Ctx, trusted_static_call, [?TRUSTING], fun(_) ->
        is_reference(trusted_lib:new_ref())
    end),
    attempt(Ctx, trust_limited_to_its_layer,
            [?TRUSTING, #{mode => deny, mfas => [{erlang, make_ref, 0}]}], fun(_) ->
        is_reference(trusted_lib:new_ref())
    end),
    %% The call into the trusted module comes from this module, which no
    %% layer trusts.
    attempt(Ctx, trusted_module_not_listed,
            [#{mode => allow, mfas => [{?MODULE, '_', '_'}], trusted => [trusted_lib]}], fun(_) ->
        is_reference(trusted_lib:new_ref())
    end).

run_time_targets(Ctx) ->
    attempt(Ctx, trusted_apply_instruction, [?TRUSTING], fun(#{main := Main}) ->
        trusted_lib:call_mfa(canary, fire, Main)
    end),
    attempt(Ctx, trusted_static_erlang_apply, [?TRUSTING], fun(#{main := Main}) ->
        trusted_lib:erlang_apply(canary, fire, [Main])
    end),
    attempt(Ctx, trusted_erlang_apply_of_apply, [?TRUSTING], fun(#{main := Main}) ->
        trusted_lib:erlang_apply(erlang, apply, [canary, fire, [Main]])
    end),
    attempt(Ctx, trusted_fun_call, [?TRUSTING], fun(#{main := Main}) ->
        trusted_lib:call_fun(fun canary:fire/1, Main)
    end),
    attempt(Ctx, trusted_apply_2, [?TRUSTING], fun(#{main := Main}) ->
        trusted_lib:apply_fun(fun canary:fire/1, [Main])
    end),
    attempt(Ctx, trusted_lists_map, [?TRUSTING], fun(#{main := Main}) ->
        trusted_lib:map_list(fun canary:fire/1, [Main])
    end),
    attempt(Ctx, trusted_make_fun, [?TRUSTING], fun(#{main := Main}) ->
        Fire = trusted_lib:make_export_fun(canary, fire, 1),
        Fire(Main)
    end).

spawns_and_names(Ctx) ->
    attempt(Ctx, trusted_spawn_mfa, [?TRUSTING], fun(#{main := Main}) ->
        trusted_lib:spawn_mfa(canary, fire, [Main]),
        spawned
    end),
    %% The layer would not pass to the child, so a spawn that trust let
    %% through would start the canary with no layer at all.
    attempt(Ctx, trusted_spawn_fun_inherit_false,
            [?TRUSTING#{inherit => false}], fun(#{main := Main}) ->
        trusted_lib:spawn_fun(fun() -> canary:fire(Main) end),
        spawned
    end),
    attempt(Ctx, trusted_send_to_name, [?TRUSTING], fun(C) ->
        trusted_lib:send_to(spawner, spawner_request(C)),
        sent
    end),
    attempt(Ctx, trusted_whereis, [?TRUSTING], fun(C) ->
        trusted_lib:whereis_name(spawner) ! spawner_request(C),
        sent
    end),
    attempt(Ctx, trusted_list_to_pid, [?TRUSTING], fun(C) ->
        Request = spawner_request(C),
        distinct([try_call(fun() -> trusted_lib:list_to_pid(pid_string(N)) ! Request end)
                  || N <- seq(0, 2000)])
    end).
