%% Escapes through an unrestricted server registered as `spawner` that
%% spawns any MFA it is sent. A restricted process whose names do not grant
%% `spawner` must not get a request to it by any route: sends by name,
%% whereis, registered/0, processes/0, forged pids, timers or monitors.
%%
%% Open cases, resolved so that the escape stays closed:
%% - processes/0 and list_to_pid/1 reach processes without using a name, so
%%   a layer whose names is not `all` treats them as name lookups and
%%   rejects them even where its mode or mfas would permit the call.
%% - erlang:'!'/2 called as a function is not erlang:send/2, so a violation
%%   of it is reported as {erlang, '!', 2}, the BIF called.
-module(dynamic_supervisor).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(ALLOW, #{mode => allow, mfas => [{?MODULE, '_', '_'}]}).
-define(ALLOW_PLUS(MFAs), #{mode => allow, mfas => [{?MODULE, '_', '_'} | MFAs]}).
%% Everything but the canary is permitted, and no name is granted.
-define(DENY_NAMES, #{mode => deny, mfas => [{canary, '_', '_'}], names => []}).
-define(REMOTE, 'nowhere@nohost').

run(Mode) ->
    Ctx = start_run(Mode),
    register(spawner, start_spawner()),
    by_name(Ctx),
    by_lookup(Ctx),
    by_timer_and_monitor(Ctx),
    by_loosening(Ctx),
    by_remote_node(Ctx),
    by_registration(Ctx),
    finish_run().

by_name(Ctx) ->
    attempt(Ctx, send_by_name, [?ALLOW], fun(C) ->
        spawner ! spawner_request(C),
        sent
    end),
    attempt(Ctx, send_by_name_deny_mode, [?DENY_NAMES], fun(C) ->
        spawner ! spawner_request(C),
        sent
    end),
    attempt(Ctx, erlang_send_2, [?DENY_NAMES], fun(C) ->
        erlang:send(spawner, spawner_request(C))
    end),
    attempt(Ctx, erlang_send_3, [?DENY_NAMES], fun(C) ->
        erlang:send(spawner, spawner_request(C), [])
    end),
    attempt(Ctx, send_to_name_node_tuple, [?DENY_NAMES], fun(C) ->
        {spawner, node()} ! spawner_request(C),
        sent
    end),
    attempt(Ctx, erlang_send_3_name_node_tuple, [?DENY_NAMES], fun(C) ->
        erlang:send({spawner, node()}, spawner_request(C), [noconnect])
    end),
    attempt(Ctx, apply_erlang_send, [?DENY_NAMES], fun(C) ->
        apply(opaque(erlang), opaque(send), [spawner, spawner_request(C)])
    end),
    attempt(Ctx, export_fun_erlang_send, [?DENY_NAMES], fun(C) ->
        Send = opaque(fun erlang:send/2),
        Send(spawner, spawner_request(C))
    end),
    attempt(Ctx, apply_erlang_bang_allow_mode, [?ALLOW], fun(C) ->
        apply(opaque(erlang), opaque('!'), [spawner, spawner_request(C)])
    end),
    attempt(Ctx, apply_erlang_bang_deny_mode, [?DENY_NAMES], fun(C) ->
        apply(opaque(erlang), opaque('!'), [spawner, spawner_request(C)])
    end),
    attempt(Ctx, send_other_name_granted,
            [?DENY_NAMES#{names => [escape_main]}], fun(C) ->
        spawner ! spawner_request(C),
        sent
    end),
    %% Every layer must grant the name, so a layer granting it does not
    %% lift one that does not.
    attempt(Ctx, send_granted_in_one_layer_only,
            [?DENY_NAMES#{names => [spawner]}, ?DENY_NAMES], fun(C) ->
        spawner ! spawner_request(C),
        sent
    end).

by_lookup(Ctx) ->
    attempt(Ctx, whereis_allow_mode, [?ALLOW], fun(C) ->
        whereis(spawner) ! spawner_request(C),
        sent
    end),
    attempt(Ctx, whereis_listed_name_not_granted,
            [?ALLOW_PLUS([{erlang, whereis, 1}])], fun(C) ->
        whereis(spawner) ! spawner_request(C),
        sent
    end),
    attempt(Ctx, whereis_deny_mode, [?DENY_NAMES], fun(C) ->
        whereis(spawner) ! spawner_request(C),
        sent
    end),
    attempt(Ctx, registered_allow_mode, [?ALLOW], fun(C) ->
        [Name ! spawner_request(C) || Name <- registered()],
        sent
    end),
    %% registered/0 returns only names, and each send by name is checked.
    %% The distinct outcomes do not depend on which names are registered.
    attempt(Ctx, registered_then_send_each, [?DENY_NAMES], fun(C) ->
        Request = spawner_request(C),
        distinct([try_call(fun() -> Name ! Request end) || Name <- registered()])
    end),
    attempt(Ctx, processes_allow_mode, [?ALLOW], fun(C) ->
        [Pid ! spawner_request(C) || Pid <- processes()],
        sent
    end),
    attempt(Ctx, processes_deny_mode, [?DENY_NAMES], fun(C) ->
        [Pid ! spawner_request(C) || Pid <- processes()],
        sent
    end),
    attempt(Ctx, list_to_pid_scan_allow_mode, [?ALLOW], fun(C) ->
        scan_pids(spawner_request(C))
    end),
    attempt(Ctx, list_to_pid_scan_deny_mode, [?DENY_NAMES], fun(C) ->
        scan_pids(spawner_request(C))
    end).

%% Sends Request to <0.N.0> for every N up to 2000, which covers the pids of
%% this test under Cordon and erl, and returns the distinct outcomes.
scan_pids(Request) ->
    distinct([try_call(fun() -> list_to_pid(pid_string(N)) ! Request end)
              || N <- seq(0, 2000)]).

%% Timers and monitors take a name as destination. Both are checked when
%% they are set, not when the timer fires.
by_timer_and_monitor(Ctx) ->
    attempt(Ctx, send_after_3_allow_mode, [?ALLOW], fun(C) ->
        _ = erlang:send_after(0, spawner, spawner_request(C)),
        started
    end),
    attempt(Ctx, send_after_3_listed_name_not_granted,
            [?ALLOW_PLUS([{erlang, send_after, 3}])], fun(C) ->
        _ = erlang:send_after(0, spawner, spawner_request(C)),
        started
    end),
    attempt(Ctx, send_after_3_deny_mode, [?DENY_NAMES], fun(C) ->
        _ = erlang:send_after(0, spawner, spawner_request(C)),
        started
    end),
    attempt(Ctx, send_after_4_deny_mode, [?DENY_NAMES], fun(C) ->
        _ = erlang:send_after(0, spawner, spawner_request(C), []),
        started
    end),
    attempt(Ctx, start_timer_3_deny_mode, [?DENY_NAMES], fun(C) ->
        _ = erlang:start_timer(0, spawner, spawner_request(C)),
        started
    end),
    attempt(Ctx, start_timer_4_deny_mode, [?DENY_NAMES], fun(C) ->
        _ = erlang:start_timer(0, spawner, spawner_request(C), []),
        started
    end),
    attempt(Ctx, monitor_by_name, [?DENY_NAMES], fun(_) ->
        _ = erlang:monitor(process, spawner),
        monitored
    end),
    attempt(Ctx, monitor_by_name_node_tuple, [?DENY_NAMES], fun(_) ->
        _ = erlang:monitor(process, {spawner, node()}),
        monitored
    end).

%% A restricted process tries to grant itself names, by a new layer of its
%% own or by a layer given to a child.
by_loosening(Ctx) ->
    attempt(Ctx, names_all_added_by_flag, [?ALLOW], fun(C) ->
        restrict(C, #{mode => deny, mfas => [], names => all}),
        spawner ! spawner_request(C),
        sent
    end),
    attempt(Ctx, names_all_given_to_child, [?DENY_NAMES], fun(C) ->
        Parent = self(),
        Request = spawner_request(C),
        {Pid, Ref} = spawn_opt(fun() ->
            Parent ! {grandchild, self(), try_call(fun() -> spawner ! Request end)}
        end, spawn_options(C, [#{mode => deny, mfas => [], names => all}], [monitor])),
        await_grandchild(Pid, Ref)
    end).

%% Sends to a name on another node and spawns there are violations even
%% where every local name is granted.
by_remote_node(Ctx) ->
    NamesAll = #{mode => deny, mfas => [{canary, '_', '_'}], names => all},
    attempt(Ctx, send_to_remote_name, [NamesAll], fun(C) ->
        {spawner, ?REMOTE} ! spawner_request(C),
        sent
    end),
    attempt(Ctx, erlang_send_3_remote_name, [NamesAll], fun(C) ->
        erlang:send({spawner, ?REMOTE}, spawner_request(C), [])
    end).

%% Runs last, because in an unrestricted run these succeed and unregister
%% `spawner`.
by_registration(Ctx) ->
    attempt(Ctx, register_own_alias, [?DENY_NAMES], fun(_) ->
        register(spawner_alias, self())
    end),
    %% With `spawner` unregistered, a restricted process could register
    %% under that name and receive the requests meant for the server.
    attempt(Ctx, unregister_spawner, [?DENY_NAMES], fun(_) ->
        unregister(spawner)
    end).
