-module(policy_initial_call).
-export([main/0, started/2]).

%% Initial calls: the parent checks a new process's first function against
%% the child's layers, spawn(M, F, A) as {M, F, length(A)} and spawn(Fun)
%% as the fun. A violation fails the spawn call in the parent, and no child
%% is created.

-include("policy_case.hrl").

main() ->
    Main = self(),
    Tag = make_ref(),
    Args = [Main, Tag],
    %% starter/2 makes '-starter/2-fun-0-', whose generated function takes
    %% the two free variables Main and Tag and no arguments: arity 2.
    Fun = starter(Main, Tag),
    show(fun_name, erlang:fun_info(Fun, name)),
    show(fun_arity, erlang:fun_info(Fun, arity)),

    Empty = #{mfas => []},
    show(fun_denied, ?TRY(spawn_opt(Fun, [{policy, Empty}]))),
    show(mfa_denied, ?TRY(spawn_opt(?MODULE, started, Args, [{policy, Empty}]))),
    show(fun_listed_with_fun_arity,
         ?TRY(spawn_opt(Fun, [{policy, #{mfas => [{?MODULE, '-starter/2-fun-0-', 0}]}}]))),
    show(mfa_denied_by_deny_layer,
         ?TRY(spawn_opt(?MODULE, started, Args,
                        [{policy, #{mode => deny, mfas => [{?MODULE, started, 2}]}}]))),
    show(mfa_denied_by_second_layer,
         ?TRY(spawn_opt(?MODULE, started, Args,
                        [{policy, #{mode => deny}}, {policy, Empty}]))),
    show(denied_children_started, count_started(Tag)),

    show(fun_listed,
         ?TRY(is_pid(spawn_opt(Fun, [{policy, #{mfas => [{?MODULE, '-starter/2-fun-0-', 2}]}}])))),
    show(mfa_listed,
         ?TRY(is_pid(spawn_opt(?MODULE, started, Args,
                               [{policy, #{mfas => [{?MODULE, started, 2}]}}])))),
    %% With on_violation => log the initial call goes through, like any
    %% other call.
    show(fun_denied_with_log,
         ?TRY(is_pid(spawn_opt(Fun, [{policy, #{mfas => [], on_violation => log}}])))),
    show(permitted_children_started, count_started(Tag)),

    %% A restricted parent checks the child's initial call against the
    %% layers the child inherits, and a permissive extra layer does not help.
    DenyStarted = #{mode => deny, mfas => [{?MODULE, started, 2}]},
    show(inherited_layer_spawn_3,
         run([DenyStarted], fun() -> ?TRY(spawn(?MODULE, started, Args)) end)),
    show(inherited_layer_spawn_opt_4,
         run([DenyStarted],
             fun() -> ?TRY(spawn_opt(?MODULE, started, Args, [{policy, #{mode => deny}}])) end)),
    DenyFun = #{mode => deny, mfas => [{?MODULE, '-starter/2-fun-0-', 2}]},
    show(inherited_layer_spawn_link_1,
         run([DenyFun], fun() -> ?TRY(spawn_link(Fun)) end)),
    show(inherited_layer_spawn_monitor_1,
         run([DenyFun], fun() -> ?TRY(spawn_monitor(Fun)) end)),
    show(inherited_denied_children_started, count_started(Tag)),

    %% spawn(erlang, apply, [Fun, []]) passes the initial check when
    %% erlang:apply/2 is listed, but the apply then checks Fun in the child,
    %% which fails with an uncaught error.
    ApplyOnly = #{mfas => [{erlang, apply, 2}]},
    show(apply_as_initial_call,
         case ?TRY(spawn_opt(erlang, apply, [Fun, []], [{policy, ApplyOnly}, monitor])) of
             {Pid, Monitor} when is_pid(Pid) ->
                 receive
                     {'DOWN', Monitor, process, Pid, {Reason, Stack}} when is_list(Stack) ->
                         {error_exit, Reason};
                     {'DOWN', Monitor, process, Pid, Reason} ->
                         {exit, Reason}
                 after 1000 ->
                     timeout
                 end;
             Other ->
                 Other
         end),
    show(apply_children_started, count_started(Tag)).

starter(Main, Tag) ->
    fun() -> Main ! {Tag, started} end.

started(Main, Tag) ->
    Main ! {Tag, started}.

%% Counts the {Tag, started} messages that arrive within 500 ms of each
%% other.
count_started(Tag) ->
    count_started(Tag, 0).

count_started(Tag, Count) ->
    receive
        {Tag, started} -> count_started(Tag, Count + 1)
    after 500 ->
        Count
    end.
