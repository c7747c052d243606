%% Escapes through erlang:hibernate/3, which discards the stack and later
%% resumes in M:F(A). The hibernate call is checked as an MFA and so is the
%% function it will resume in, both in the caller, where a violation can be
%% caught. What the resumed function calls is checked as usual, but no
%% try is left to catch it, so the child crashes.
%%
%% Each child is woken by the {gift, none} message that the harness sends
%% after the spawn. erlang:hibernate/3 returns at once when a message is
%% waiting.
-module(hibernate_resume).
-export([main/0, unrestricted/0, resume_fire/1, resume_report/2]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(ALLOW, #{mode => allow, mfas => [{?MODULE, '_', '_'}]}).
-define(ALLOW_HIBERNATE, #{mode => allow, mfas => [{?MODULE, '_', '_'}, {erlang, hibernate, 3}]}).
-define(ALLOW_HIBERNATE_APPLY,
        #{mode => allow,
          mfas => [{?MODULE, '_', '_'}, {erlang, hibernate, 3},
                   {erlang, apply, 2}, {erlang, apply, 3}]}).
-define(DENY, #{mode => deny, mfas => [{canary, '_', '_'}]}).

%% Resumption targets in this module.
resume_fire(Main) ->
    canary:fire(Main).

%% Reports to the harness as a child that never hibernated would.
resume_report(Parent, Main) ->
    Parent ! {escape_result, self(), {resumed, try_call(fun() -> canary:fire(Main) end)}}.

run(Mode) ->
    Ctx = start_run(Mode),
    checked_before_hibernating(Ctx),
    checked_after_resuming(Ctx),
    finish_run().

checked_before_hibernating(Ctx) ->
    attempt(Ctx, hibernate_not_listed, [?ALLOW], fun(#{main := Main}) ->
        erlang:hibernate(canary, fire, [Main])
    end),
    attempt(Ctx, hibernate_into_canary, [?ALLOW_HIBERNATE], fun(#{main := Main}) ->
        erlang:hibernate(canary, fire, [Main])
    end),
    attempt(Ctx, hibernate_into_canary_deny_mode, [?DENY], fun(#{main := Main}) ->
        erlang:hibernate(canary, fire, [Main])
    end),
    attempt(Ctx, hibernate_into_apply_not_listed, [?ALLOW_HIBERNATE], fun(#{main := Main}) ->
        erlang:hibernate(erlang, apply, [canary, fire, [Main]])
    end),
    attempt(Ctx, hibernate_by_apply, [?ALLOW_HIBERNATE_APPLY], fun(#{main := Main}) ->
        apply(opaque(erlang), opaque(hibernate), [canary, fire, [Main]])
    end).

checked_after_resuming(Ctx) ->
    attempt(Ctx, resume_in_apply_of_canary, [?ALLOW_HIBERNATE_APPLY], fun(#{main := Main}) ->
        erlang:hibernate(erlang, apply, [canary, fire, [Main]])
    end),
    attempt(Ctx, resume_in_apply_of_export_fun, [?ALLOW_HIBERNATE_APPLY], fun(#{main := Main}) ->
        erlang:hibernate(erlang, apply, [fun canary:fire/1, [Main]])
    end),
    attempt(Ctx, resume_in_apply_of_local_fun, [?ALLOW_HIBERNATE_APPLY], fun(#{main := Main}) ->
        erlang:hibernate(erlang, apply, [fun() -> canary:fire(Main) end, []])
    end),
    attempt(Ctx, resume_in_own_function, [?ALLOW_HIBERNATE], fun(#{main := Main}) ->
        erlang:hibernate(?MODULE, resume_fire, [Main])
    end),
    attempt(Ctx, resume_in_apply_deny_mode, [?DENY], fun(#{main := Main}) ->
        erlang:hibernate(erlang, apply, [canary, fire, [Main]])
    end),
    attempt(Ctx, resume_in_apply_kill,
            [?DENY#{on_violation => kill}], fun(#{main := Main}) ->
        erlang:hibernate(erlang, apply, [canary, fire, [Main]])
    end),
    %% The layers stay in force after the process wakes.
    attempt(Ctx, resume_keeps_layers, [?ALLOW_HIBERNATE], fun(#{main := Main}) ->
        erlang:hibernate(?MODULE, resume_report, [Main, Main])
    end).
