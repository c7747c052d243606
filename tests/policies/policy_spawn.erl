-module(policy_spawn).
-export([main/0, started/2]).

%% Spawn ban: with spawn => false in any layer, every spawn BIF is a
%% violation named after the form called, and no child starts. In allow
%% mode a permitted spawn also needs its own MFA listed.

-include("policy_case.hrl").

main() ->
    Main = self(),
    Tag = make_ref(),
    Child = fun() -> Main ! {Tag, started} end,
    Args = [Main, Tag],
    Ban = #{mode => deny, spawn => false},
    show(spawn_1, run([Ban], fun() -> ?TRY(spawn(Child)) end)),
    show(spawn_3, run([Ban], fun() -> ?TRY(spawn(?MODULE, started, Args)) end)),
    show(spawn_link_1, run([Ban], fun() -> ?TRY(spawn_link(Child)) end)),
    show(spawn_link_3, run([Ban], fun() -> ?TRY(spawn_link(?MODULE, started, Args)) end)),
    show(spawn_monitor_1, run([Ban], fun() -> ?TRY(spawn_monitor(Child)) end)),
    show(spawn_monitor_3, run([Ban], fun() -> ?TRY(spawn_monitor(?MODULE, started, Args)) end)),
    show(spawn_opt_2, run([Ban], fun() -> ?TRY(spawn_opt(Child, [])) end)),
    show(spawn_opt_4, run([Ban], fun() -> ?TRY(spawn_opt(?MODULE, started, Args, [])) end)),
    %% spawn/2,4 name a node. The local node makes them spawn BIFs like the
    %% others, so the ban covers them too.
    show(spawn_2_local_node, run([Ban], fun() -> ?TRY(spawn(node(), Child)) end)),
    show(spawn_4_local_node,
         run([Ban], fun() -> ?TRY(spawn(node(), ?MODULE, started, Args)) end)),
    show(banned_children_started, count_started(Tag)),

    Own = {?MODULE, '_', '_'},
    AllowErlang = #{mfas => [Own, {erlang, '_', '_'}]},
    show(allow_mode_default_ban, run([AllowErlang], fun() -> ?TRY(spawn(Child)) end)),
    show(allow_spawn_true_unlisted,
         run([#{mfas => [Own], spawn => true}], fun() -> ?TRY(spawn(Child)) end)),
    show(ban_in_second_layer,
         run([#{mode => deny}, Ban], fun() -> ?TRY(spawn_link(Child)) end)),
    DenySpawn1 = #{mode => deny, mfas => [{erlang, spawn, 1}]},
    show(spawn_mfa_denied, run([DenySpawn1], fun() -> ?TRY(spawn(Child)) end)),
    show(denied_children_started, count_started(Tag)),

    show(allow_spawn_true_listed,
         run([AllowErlang#{spawn => true}], fun() -> ?TRY(is_pid(spawn(Child))) end)),
    show(deny_mode_default_spawn_link,
         run([#{mode => deny}], fun() -> ?TRY(is_pid(spawn_link(Child))) end)),
    show(deny_mode_default_spawn_monitor,
         run([#{mode => deny}],
             fun() -> ?TRY(is_reference(element(2, spawn_monitor(?MODULE, started, Args)))) end)),
    show(other_spawn_form_not_denied,
         run([DenySpawn1], fun() -> ?TRY(is_pid(spawn_opt(Child, []))) end)),
    show(permitted_children_started, count_started(Tag)).

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
