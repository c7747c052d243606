%% Escapes through process_flag(policy, Spec). The flag is always permitted
%% because it only adds a layer, and a call must pass every layer, so no new
%% layer can permit what an older one denies: not a deny layer after an
%% allow layer, an allow layer listing more, a log layer, nor a layer that
%% trusts the caller. An invalid Spec raises badarg and adds nothing.
-module(policy_flag).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(ALLOW, #{mode => allow, mfas => [{?MODULE, '_', '_'}]}).
-define(ALLOW_INFO, #{mode => allow, mfas => [{?MODULE, '_', '_'}, {erlang, process_info, 2}]}).

run(Mode) ->
    Ctx = start_run(Mode),
    loosening_layers(Ctx),
    layer_list(Ctx),
    invalid_specs(Ctx),
    finish_run().

loosening_layers(Ctx) ->
    attempt(Ctx, deny_layer_after_allow_layer, [?ALLOW], fun(#{main := Main} = C) ->
        restrict(C, #{mode => deny, mfas => []}),
        canary:fire(Main)
    end),
    attempt(Ctx, allow_layer_listing_canary, [?ALLOW], fun(#{main := Main} = C) ->
        restrict(C, #{mode => allow, mfas => [{?MODULE, '_', '_'}, {canary, '_', '_'}]}),
        canary:fire(Main)
    end),
    attempt(Ctx, allow_layer_listing_all_of_erlang, [?ALLOW], fun(C) ->
        restrict(C, #{mode => allow, mfas => [{?MODULE, '_', '_'}, {erlang, '_', '_'}]}),
        is_reference(erlang:make_ref())
    end),
    attempt(Ctx, log_layer_for_canary, [?ALLOW], fun(#{main := Main} = C) ->
        restrict(C, #{mode => allow, mfas => [{?MODULE, '_', '_'}, {canary, '_', '_'}],
                      on_violation => log}),
        canary:fire(Main)
    end),
    %% `trusted` lifts static calls only in the layer that lists it.
    attempt(Ctx, layer_trusting_this_module, [?ALLOW], fun(#{main := Main} = C) ->
        restrict(C, #{mode => allow, mfas => [{?MODULE, '_', '_'}], trusted => [?MODULE]}),
        canary:fire(Main)
    end),
    attempt(Ctx, same_layer_added_again, [?ALLOW], fun(#{main := Main} = C) ->
        restrict(C, ?ALLOW),
        canary:fire(Main)
    end),
    %% An empty map is an allow-mode layer with no MFAs, so it only tightens.
    attempt(Ctx, empty_layer, [#{mode => deny, mfas => [{canary, '_', '_'}]}],
            fun(#{main := Main} = C) ->
        restrict(C, #{}),
        canary:fire(Main)
    end),
    %% process_flag(policy, ...) is always permitted, but other flags are
    %% ordinary calls of erlang:process_flag/2.
    attempt(Ctx, other_process_flag, [?ALLOW], fun(_) ->
        process_flag(trap_exit, true)
    end).

%% process_flag(policy, Spec) returns the layers before the call, and
%% process_info(self(), policy) lists every layer, oldest first, with all
%% seven keys. Layers added by the flag are never removed.
layer_list(Ctx) ->
    attempt(Ctx, flag_returns_previous_layers, [?ALLOW_INFO], fun(C) ->
        Previous = restrict(C, #{mode => deny, mfas => [{canary, fire, '_'}], names => [escape_main]}),
        Second = restrict(C, #{mode => deny, on_violation => kill, trusted => [lists]}),
        {policy, Layers} = process_info(self(), policy),
        {Previous, length(Second), Layers}
    end).

invalid_specs(Ctx) ->
    Invalid = [undefined,
               [],
               [{mode, deny}],
               #{bogus => 1},
               #{mode => permissive},
               #{mfas => {canary, fire, 1}},
               #{mfas => [{'_', '_', '_'}]},
               #{mfas => [{'_', fire, 1}]},
               #{mfas => [{canary, fire, 256}]},
               #{mfas => [{canary, fire, -1}]},
               #{mfas => [{canary, "fire", 1}]},
               #{mfas => [{canary, fire}]},
               #{mfas => [{canary, fire, 1} | {erlang, apply, 3}]},
               #{spawn => yes},
               #{inherit => 1},
               #{names => none},
               #{names => [<<"spawner">>]},
               #{trusted => canary},
               #{on_violation => ignore},
               #{inherit => false, spawn => true},
               #{mode => deny, inherit => false}],
    %% Each invalid Spec is rejected, and the canary stays denied.
    attempt(Ctx, invalid_specs_by_flag, [?ALLOW], fun(#{main := Main} = C) ->
        Results = [try_call(fun() -> restrict(C, Spec) end) || Spec <- Invalid],
        {distinct(Results), length(Results), try_call(fun() -> canary:fire(Main) end)}
    end),
    attempt_in_main(Ctx, invalid_specs_by_spawn_opt, fun(C) ->
        Results = [run_child(C, [Spec], fun(_) -> started end, none) || Spec <- Invalid],
        {distinct(Results), length(Results)}
    end).
