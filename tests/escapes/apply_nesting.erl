%% Escapes through apply: apply/2,3, `M:F(...)` with variable M and F, and
%% erlang:apply/3 applying erlang:apply/3 again. Each function that an apply
%% reaches is checked, however deep the nesting.
%%
%% The compiler turns apply(M, F, [A]) with a literal argument list into the
%% `apply` instruction, which is checked only as its target M:F/1. A
%% variable argument list compiles to a call of erlang:apply/3, which is
%% checked as that MFA first. opaque/1 hides values from the compiler so
%% that each attempt tests the form it names.
-module(apply_nesting).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(ALLOW, #{mode => allow, mfas => [{?MODULE, '_', '_'}]}).
-define(ALLOW_APPLY,
        #{mode => allow,
          mfas => [{?MODULE, '_', '_'}, {erlang, apply, 2}, {erlang, apply, 3}]}).
-define(DENY, #{mode => deny, mfas => [{canary, '_', '_'}]}).
-define(DENY_APPLY_3, #{mode => deny, mfas => [{canary, '_', '_'}, {erlang, apply, 3}]}).

run(Mode) ->
    Ctx = start_run(Mode),
    single_apply(Ctx),
    nested_apply(Ctx),
    apply_itself_denied(Ctx),
    finish_run().

single_apply(Ctx) ->
    attempt(Ctx, apply_3_call, [?ALLOW_APPLY], fun(#{main := Main}) ->
        apply(opaque(canary), opaque(fire), opaque([Main]))
    end),
    attempt(Ctx, apply_3_call_not_listed, [?ALLOW], fun(#{main := Main}) ->
        apply(opaque(canary), opaque(fire), opaque([Main]))
    end),
    attempt(Ctx, apply_instruction, [?ALLOW], fun(#{main := Main}) ->
        Module = opaque(canary),
        Function = opaque(fire),
        Module:Function(Main)
    end),
    attempt(Ctx, apply_instruction_deny_mode, [?DENY], fun(#{main := Main}) ->
        Module = opaque(canary),
        Function = opaque(fire),
        Module:Function(Main)
    end),
    attempt(Ctx, apply_2_export_fun, [?ALLOW_APPLY], fun(#{main := Main}) ->
        erlang:apply(fun canary:fire/1, opaque([Main]))
    end),
    attempt(Ctx, apply_3_atom_built_at_run_time, [?DENY], fun(#{main := Main}) ->
        apply(list_to_atom("can" ++ "ary"), list_to_atom("fi" ++ "re"), opaque([Main]))
    end).

nested_apply(Ctx) ->
    attempt(Ctx, apply_of_apply, [?ALLOW_APPLY], fun(#{main := Main}) ->
        erlang:apply(opaque(erlang), opaque(apply), [canary, fire, [Main]])
    end),
    attempt(Ctx, apply_of_apply_deny_mode, [?DENY], fun(#{main := Main}) ->
        erlang:apply(opaque(erlang), opaque(apply), [canary, fire, [Main]])
    end),
    attempt(Ctx, apply_three_deep, [?ALLOW_APPLY], fun(#{main := Main}) ->
        erlang:apply(opaque(erlang), opaque(apply),
                     [erlang, apply, [erlang, apply, [canary, fire, [Main]]]])
    end),
    attempt(Ctx, apply_three_deep_call_ext, [?DENY], fun(#{main := Main}) ->
        erlang:apply(erlang, apply,
                     opaque([erlang, apply, [erlang, apply, [canary, fire, [Main]]]]))
    end),
    attempt(Ctx, apply_of_apply_2_with_export_fun, [?ALLOW_APPLY], fun(#{main := Main}) ->
        erlang:apply(opaque(erlang), opaque(apply), [fun canary:fire/1, [Main]])
    end),
    attempt(Ctx, apply_2_of_export_fun_apply_3, [?ALLOW_APPLY], fun(#{main := Main}) ->
        erlang:apply(fun erlang:apply/3, opaque([canary, fire, [Main]]))
    end),
    attempt(Ctx, export_fun_apply_2_of_export_fun, [?ALLOW_APPLY], fun(#{main := Main}) ->
        Apply = opaque(fun erlang:apply/2),
        Apply(fun canary:fire/1, [Main])
    end),
    attempt(Ctx, apply_of_make_fun, [?DENY], fun(#{main := Main}) ->
        Fire = erlang:apply(opaque(erlang), opaque(make_fun), [canary, fire, 1]),
        Fire(Main)
    end),
    attempt(Ctx, apply_of_spawn, [?DENY], fun(#{main := Main}) ->
        erlang:apply(opaque(erlang), opaque(spawn), [canary, fire, [Main]]),
        spawned
    end).

%% With erlang:apply/3 itself denied, every route to it is a violation of
%% {erlang, apply, 3}, before the function it would apply is looked at.
apply_itself_denied(Ctx) ->
    attempt(Ctx, apply_3_call_denied, [?DENY_APPLY_3], fun(#{main := Main}) ->
        apply(opaque(canary), opaque(fire), opaque([Main]))
    end),
    attempt(Ctx, apply_instruction_to_apply_3, [?DENY_APPLY_3], fun(#{main := Main}) ->
        erlang:apply(opaque(erlang), opaque(apply), [canary, fire, [Main]])
    end),
    attempt(Ctx, export_fun_apply_3, [?DENY_APPLY_3], fun(#{main := Main}) ->
        Apply = opaque(fun erlang:apply/3),
        Apply(canary, fire, [Main])
    end),
    attempt(Ctx, apply_2_of_export_fun_apply_3, [?DENY_APPLY_3], fun(#{main := Main}) ->
        erlang:apply(fun erlang:apply/3, opaque([canary, fire, [Main]]))
    end).
