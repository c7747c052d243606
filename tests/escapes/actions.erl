%% Escapes through the violation actions. Where layers disagree, the most
%% restrictive action wins: kill, then error, then log. A log layer lets a
%% call through only when no other layer objects to it. A kill ends the
%% process with reason {policy_violation, MFA}. Neither try, catch nor
%% trap_exit can stop it, and links and monitors see that reason.
-module(actions).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

%% A layer that denies the canary with the given action.
-define(DENY_CANARY(Action), #{mode => deny, mfas => [{canary, '_', '_'}], on_violation => Action}).

run(Mode) ->
    Ctx = start_run(Mode),
    mixed_layers(Ctx),
    kill_cannot_be_caught(Ctx),
    kill_on_other_checks(Ctx),
    finish_run().

%% Body that catches every exception, so only a kill shows as {down, ...}.
fire_and_catch(#{main := Main}) ->
    try
        canary:fire(Main)
    catch
        Class:Reason -> {caught, Class, Reason}
    end.

mixed_layers(Ctx) ->
    attempt(Ctx, error_then_log, [?DENY_CANARY(error), ?DENY_CANARY(log)],
            fun(C) -> fire_and_catch(C) end),
    attempt(Ctx, log_then_error, [?DENY_CANARY(log), ?DENY_CANARY(error)],
            fun(C) -> fire_and_catch(C) end),
    attempt(Ctx, log_then_kill, [?DENY_CANARY(log), ?DENY_CANARY(kill)],
            fun(C) -> fire_and_catch(C) end),
    attempt(Ctx, kill_then_error, [?DENY_CANARY(kill), ?DENY_CANARY(error)],
            fun(C) -> fire_and_catch(C) end),
    attempt(Ctx, error_log_kill, [?DENY_CANARY(error), ?DENY_CANARY(log), ?DENY_CANARY(kill)],
            fun(C) -> fire_and_catch(C) end),
    attempt(Ctx, error_then_log_by_flag, [?DENY_CANARY(error)], fun(C) ->
        restrict(C, ?DENY_CANARY(log)),
        fire_and_catch(C)
    end),
    attempt(Ctx, kill_then_log_by_flag, [?DENY_CANARY(kill)], fun(C) ->
        restrict(C, ?DENY_CANARY(log)),
        fire_and_catch(C)
    end),
    %% The allowlist only logs, but the deny layer raises.
    attempt(Ctx, logging_allowlist_then_error,
            [#{mode => allow, mfas => [{?MODULE, '_', '_'}], on_violation => log},
             ?DENY_CANARY(error)],
            fun(C) -> fire_and_catch(C) end),
    attempt(Ctx, kill_in_allow_mode,
            [#{mode => allow, mfas => [{?MODULE, '_', '_'}], on_violation => kill}],
            fun(C) -> fire_and_catch(C) end),
    %% A call that only a log layer objects to goes through.
    attempt(Ctx, log_only_lets_call_through,
            [#{mode => deny, mfas => [{erlang, make_ref, 0}], on_violation => log}], fun(_) ->
        is_reference(make_ref())
    end).

kill_cannot_be_caught(Ctx) ->
    attempt(Ctx, kill_through_catch_expression, [?DENY_CANARY(kill)], fun(#{main := Main}) ->
        {caught, catch canary:fire(Main)}
    end),
    attempt(Ctx, kill_with_trap_exit, [?DENY_CANARY(kill)], fun(C) ->
        process_flag(trap_exit, true),
        fire_and_catch(C)
    end),
    attempt(Ctx, kill_seen_by_link, [?DENY_CANARY(kill)], fun(C) ->
        process_flag(trap_exit, true),
        Pid = spawn_link(fun() -> fire_and_catch(C) end),
        receive
            {'EXIT', Pid, Reason} -> {linked_exit, Reason}
        after ?TIMEOUT -> no_exit
        end
    end).

%% kill applies to every kind of check, not only to MFAs.
kill_on_other_checks(Ctx) ->
    attempt(Ctx, kill_through_apply, [?DENY_CANARY(kill)], fun(#{main := Main}) ->
        try
            apply(opaque(canary), opaque(fire), opaque([Main]))
        catch
            Class:Reason -> {caught, Class, Reason}
        end
    end),
    attempt(Ctx, kill_on_name, [#{mode => deny, names => [], on_violation => kill}], fun(_) ->
        try
            escape_main ! hello
        catch
            Class:Reason -> {caught, Class, Reason}
        end
    end),
    attempt(Ctx, kill_on_spawn_flag,
            [#{mode => deny, mfas => [{canary, '_', '_'}], spawn => false, on_violation => kill}],
            fun(#{main := Main}) ->
        try
            spawn(fun() -> canary:fire(Main) end)
        catch
            Class:Reason -> {caught, Class, Reason}
        end
    end),
    %% The initial call is checked against the child's layers, which
    %% include the parent's kill layer, so the parent ends.
    attempt(Ctx, kill_on_initial_call, [?DENY_CANARY(kill)], fun(#{main := Main}) ->
        try
            spawn(canary, fire, [Main])
        catch
            Class:Reason -> {caught, Class, Reason}
        end
    end).
