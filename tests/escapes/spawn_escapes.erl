%% Escapes through spawning: an initial call that is forbidden, spawn_opt
%% with a looser {policy, Spec} than the parent's, spawns on another node,
%% and a spawn whose initial function applies the canary later. The initial
%% call is checked against the child's layers in the parent, so a violation
%% fails the spawn call and creates no process.
%%
%% Open cases, resolved so that the escape stays closed:
%% - A spawn BIF is checked as an MFA before its initial call.
%% - erlang:spawn_request/1..5 start processes like the spawn BIFs, so
%%   `spawn => false` rejects them too.
-module(spawn_escapes).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(DENY, #{mode => deny, mfas => [{canary, '_', '_'}]}).
-define(REMOTE, 'nowhere@nohost').

run(Mode) ->
    Ctx = start_run(Mode),
    forbidden_initial_call(Ctx),
    initial_call_applies_later(Ctx),
    looser_child_policy(Ctx),
    spawn_from_main(Ctx),
    remote_spawn(Ctx),
    finish_run().

forbidden_initial_call(Ctx) ->
    attempt(Ctx, spawn_3, [?DENY], fun(#{main := Main}) ->
        spawn(canary, fire, [Main]),
        spawned
    end),
    attempt(Ctx, spawn_link_3, [?DENY], fun(#{main := Main}) ->
        spawn_link(canary, fire, [Main]),
        spawned
    end),
    attempt(Ctx, spawn_monitor_3, [?DENY], fun(#{main := Main}) ->
        spawn_monitor(canary, fire, [Main]),
        spawned
    end),
    attempt(Ctx, spawn_opt_4, [?DENY], fun(#{main := Main}) ->
        spawn_opt(canary, fire, [Main], [monitor]),
        spawned
    end),
    %% The initial call is checked with the arity length(Args).
    attempt(Ctx, spawn_3_arity_from_args, [?DENY], fun(#{main := Main}) ->
        spawn(canary, fire, [state, data, Main]),
        spawned
    end),
    attempt(Ctx, spawn_4_local_node, [?DENY], fun(#{main := Main}) ->
        spawn(node(), canary, fire, [Main]),
        spawned
    end),
    %% The child's allowlist lists spawn_opt/4 and the canary's caller, not
    %% the canary.
    attempt(Ctx, spawn_opt_4_allow_mode,
            [#{mode => allow, spawn => true,
               mfas => [{?MODULE, '_', '_'}, {erlang, spawn_opt, 4}]}], fun(#{main := Main}) ->
        spawn_opt(canary, fire, [Main], [monitor]),
        spawned
    end),
    attempt(Ctx, spawn_opt_not_listed_allow_mode,
            [#{mode => allow, spawn => true, mfas => [{?MODULE, '_', '_'}]}], fun(C) ->
        spawn_opt(fun() -> ok end, spawn_options(C, [], [monitor])),
        spawned
    end).

%% The initial function is permitted, and the canary comes later in the
%% new process, where it is checked again.
initial_call_applies_later(Ctx) ->
    attempt(Ctx, spawn_erlang_apply, [?DENY], fun(#{main := Main}) ->
        {Pid, Ref} = spawn_monitor(erlang, apply, [canary, fire, [Main]]),
        await_grandchild(Pid, Ref)
    end),
    attempt(Ctx, spawn_local_fun, [?DENY], fun(#{main := Main}) ->
        {Pid, Ref} = spawn_monitor(fun() -> canary:fire(Main) end),
        await_grandchild(Pid, Ref)
    end).

%% A {policy, Spec} given to a child only adds a layer to the inherited ones.
looser_child_policy(Ctx) ->
    Looser = #{mode => deny, mfas => [], names => all},
    attempt(Ctx, spawn_opt_4_looser_policy, [?DENY], fun(#{main := Main} = C) ->
        spawn_opt(canary, fire, [Main], spawn_options(C, [Looser], [])),
        spawned
    end),
    attempt(Ctx, spawn_opt_2_looser_policy, [?DENY], fun(#{main := Main} = C) ->
        Parent = self(),
        {Pid, Ref} = spawn_opt(fun() ->
            Parent ! {grandchild, self(), try_call(fun() -> canary:fire(Main) end)}
        end, spawn_options(C, [Looser], [monitor])),
        await_grandchild(Pid, Ref)
    end),
    attempt(Ctx, spawn_opt_2_looser_allowlist,
            [#{mode => allow, spawn => true,
               mfas => [{?MODULE, '_', '_'}, {erlang, spawn_opt, 2}]}], fun(#{main := Main} = C) ->
        Parent = self(),
        Wider = #{mode => allow, mfas => [{?MODULE, '_', '_'}, {canary, '_', '_'}]},
        {Pid, Ref} = spawn_opt(fun() ->
            Parent ! {grandchild, self(), try_call(fun() -> canary:fire(Main) end)}
        end, spawn_options(C, [Wider], [monitor])),
        await_grandchild(Pid, Ref)
    end),
    attempt(Ctx, spawn_request_without_spawn,
            [?DENY#{spawn => false}], fun(#{main := Main}) ->
        _ = erlang:spawn_request(fun() -> canary:fire(Main) end),
        spawned
    end).

%% The main process is unrestricted, but the initial call is checked
%% against the layers it gives the child.
spawn_from_main(Ctx) ->
    attempt_in_main(Ctx, main_spawns_forbidden_mfa, fun(#{main := Main} = C) ->
        spawn_opt(canary, fire, [Main], spawn_options(C, [?DENY], [])),
        spawned
    end),
    %% The harness's child fun is not in an empty allowlist.
    report(main_spawns_fun_outside_allowlist,
           run_child(Ctx, [#{}], fun(_) -> started end, none)).

%% A process on another node would not inherit the layers, so restricted
%% processes may not spawn there.
remote_spawn(Ctx) ->
    attempt(Ctx, spawn_4_remote, [?DENY], fun(#{main := Main}) ->
        spawn(?REMOTE, canary, fire, [Main]),
        spawned
    end),
    attempt(Ctx, spawn_2_remote, [?DENY], fun(_) ->
        spawn(?REMOTE, fun() -> ok end),
        spawned
    end),
    attempt(Ctx, spawn_link_4_remote, [?DENY], fun(_) ->
        spawn_link(?REMOTE, erlang, is_atom, [ok]),
        spawned
    end),
    attempt(Ctx, spawn_opt_5_remote, [?DENY], fun(_) ->
        spawn_opt(?REMOTE, erlang, is_atom, [ok], []),
        spawned
    end).
