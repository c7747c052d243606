%% Escapes through OTP's own supervisor module: an unrestricted process
%% starts `otp_pool`, a registered simple_one_for_one supervisor whose
%% children run the canary. A restricted process that was not handed the
%% supervisor's pid and whose layers grant no name must not get a child
%% started by any route: supervisor and gen_server calls by name, whereis,
%% `{global, Name}` and `{via, Module, Name}` forms, sends to the name and
%% monitors by name.
%%
%% Open cases, resolved so that the escape stays closed:
%% - With supervisor, gen and gen_server permitted, a call by name fails
%%   inside gen, at whereis/1 or at the send by name, so the violation
%%   names the BIF there rather than the supervisor function called.
%% - A `{via, Module, Name}` server reference runs Module's whereis_name/1
%%   in the caller; this module's version looks the name up locally, so the
%%   name check of whereis/1 applies.
-module(otp_supervisor_pool).
-behaviour(supervisor).
-export([main/0, unrestricted/0]).
-export([init/1, whereis_name/1, send/2]).

-include("escape_harness.hrl").

-define(POOL, otp_pool).
-define(ALLOW, #{mode => allow, mfas => [{?MODULE, '_', '_'}]}).
-define(ALLOW_PLUS(MFAs), #{mode => allow, mfas => [{?MODULE, '_', '_'} | MFAs]}).
%% Everything but the canary is permitted, and no name is granted.
-define(DENY_NAMES, #{mode => deny, mfas => [{canary, '_', '_'}], names => []}).
-define(OTP_CALLS, [{supervisor, '_', '_'}, {gen, '_', '_'},
                    {gen_server, '_', '_'}, {erlang, '_', '_'}]).

main() -> run(enforced).

unrestricted() -> run(unrestricted).

run(Mode) ->
    Ctx = start_run(Mode),
    {ok, Sup} = supervisor:start_link({local, ?POOL}, ?MODULE, pool),
    unlink(Sup),
    by_supervisor_api(Ctx),
    by_gen_server(Ctx),
    by_name_forms(Ctx),
    by_messages(Ctx),
    finish_run().

init(pool) ->
    {ok, {#{strategy => simple_one_for_one, intensity => 100, period => 1},
          [#{id => canary, start => {canary, fire, []}, restart => temporary}]}}.

%% The {via, ?MODULE, Name} callbacks.
whereis_name(Name) ->
    case whereis(Name) of
        undefined -> undefined;
        Pid -> Pid
    end.

send(Name, Msg) ->
    Name ! Msg,
    self().

start_request(#{main := Main}) ->
    {start_child, [Main]}.

%% gen_server:call turns an error raised inside it, a policy violation
%% included, into an exit whose stack trace differs between VMs. Only the
%% violation is kept.
call(Fun) ->
    try
        Fun()
    catch
        exit:{{{policy_violation, _} = Violation, _Stack}, _Call} ->
            {denied_inside_call, Violation}
    end.

by_supervisor_api(Ctx) ->
    attempt(Ctx, start_child_allow_mode, [?ALLOW], fun(#{main := Main}) ->
        call(fun() -> supervisor:start_child(?POOL, [Main]) end)
    end),
    attempt(Ctx, start_child_otp_permitted, [?ALLOW_PLUS(?OTP_CALLS)],
            fun(#{main := Main}) ->
        call(fun() -> supervisor:start_child(?POOL, [Main]) end)
    end),
    attempt(Ctx, start_child_deny_mode, [?DENY_NAMES], fun(#{main := Main}) ->
        call(fun() -> supervisor:start_child(?POOL, [Main]) end)
    end),
    attempt(Ctx, start_child_name_node_tuple, [?DENY_NAMES], fun(#{main := Main}) ->
        call(fun() -> supervisor:start_child({?POOL, node()}, [Main]) end)
    end),
    attempt(Ctx, which_children_deny_mode, [?DENY_NAMES], fun(_) ->
        call(fun() -> supervisor:which_children(?POOL) end)
    end).

by_gen_server(Ctx) ->
    attempt(Ctx, gen_server_call_allow_mode, [?ALLOW], fun(C) ->
        call(fun() -> gen_server:call(?POOL, start_request(C)) end)
    end),
    attempt(Ctx, gen_server_call_deny_mode, [?DENY_NAMES], fun(C) ->
        call(fun() -> gen_server:call(?POOL, start_request(C)) end)
    end),
    attempt(Ctx, gen_call_deny_mode, [?DENY_NAMES], fun(C) ->
        call(fun() -> gen:call(?POOL, '$gen_call', start_request(C)) end)
    end).

by_name_forms(Ctx) ->
    attempt(Ctx, whereis_deny_mode, [?DENY_NAMES], fun(C) ->
        call(fun() -> supervisor:start_child(whereis(?POOL), [maps:get(main, C)]) end)
    end),
    attempt(Ctx, global_name_otp_permitted, [?ALLOW_PLUS(?OTP_CALLS)],
            fun(#{main := Main}) ->
        call(fun() -> supervisor:start_child({global, ?POOL}, [Main]) end)
    end),
    attempt(Ctx, via_name_deny_mode, [?DENY_NAMES], fun(#{main := Main}) ->
        call(fun() -> supervisor:start_child({via, ?MODULE, ?POOL}, [Main]) end)
    end),
    attempt(Ctx, via_name_otp_permitted, [?ALLOW_PLUS(?OTP_CALLS)],
            fun(#{main := Main}) ->
        call(fun() -> supervisor:start_child({via, ?MODULE, ?POOL}, [Main]) end)
    end).

%% The request as gen:call would send it, with a reply address of the
%% child's own.
by_messages(Ctx) ->
    attempt(Ctx, send_call_message, [?DENY_NAMES], fun(C) ->
        ?POOL ! {'$gen_call', {self(), make_ref()}, start_request(C)},
        sent
    end),
    attempt(Ctx, erlang_send_call_message, [?DENY_NAMES], fun(C) ->
        erlang:send(?POOL, {'$gen_call', {self(), make_ref()}, start_request(C)})
    end),
    attempt(Ctx, send_name_node_tuple, [?DENY_NAMES], fun(C) ->
        {?POOL, node()} ! {'$gen_call', {self(), make_ref()}, start_request(C)},
        sent
    end),
    attempt(Ctx, monitor_by_name, [?DENY_NAMES], fun(_) ->
        _ = erlang:monitor(process, ?POOL),
        monitored
    end),
    attempt(Ctx, monitor_by_name_alias, [?DENY_NAMES], fun(_) ->
        _ = erlang:monitor(process, ?POOL, [{alias, demonitor}]),
        monitored
    end).
