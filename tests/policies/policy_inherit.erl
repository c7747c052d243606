-module(policy_inherit).
-export([main/0, report/2]).

%% Inheritance: a child starts with its parent's inherit => true layers,
%% followed by one layer per {policy, Spec} option of spawn_opt. Layers with
%% inherit => false stay with their process, and grandchildren inherit in
%% the same way.

-include("policy_case.hrl").

main() ->
    Main = self(),
    Own = {?MODULE, '_', '_'},
    Parent = #{mfas => [Own, {erlang, spawn, 1}, {erlang, spawn_opt, 2}, {lists, member, 2}],
               spawn => true},

    show(parent_probe, run([Parent], fun probe/0)),

    Tag1 = make_ref(),
    show(child_spawned,
         run([Parent], fun() -> is_pid(spawn(fun() -> report(Main, Tag1) end)) end)),
    show(child, inspect(Tag1)),

    Tag2 = make_ref(),
    DenyMember = #{mode => deny, mfas => [{lists, member, 2}]},
    DenyReverse = #{mode => deny, mfas => [{lists, reverse, 2}]},
    show(child_with_options_spawned,
         run([Parent],
             fun() ->
                     Options = [{policy, DenyMember}, {policy, DenyReverse}],
                     is_pid(spawn_opt(fun() -> report(Main, Tag2) end, Options))
             end)),
    show(child_with_options, inspect(Tag2)),

    Tag3 = make_ref(),
    show(grandchild_spawned,
         run([Parent],
             fun() ->
                     Child = spawn(fun() -> spawn(fun() -> report(Main, Tag3) end) end),
                     is_pid(Child)
             end)),
    show(grandchild, inspect(Tag3)),

    not_inherited(),
    added_after_spawn(),

    Tag4 = make_ref(),
    DenyKeyfind = #{mode => deny, mfas => [{lists, keyfind, 3}]},
    show(spawn_opt_4_spawned,
         is_pid(spawn_opt(?MODULE, report, [Main, Tag4], [{policy, DenyKeyfind}]))),
    show(spawn_opt_4_child, inspect(Tag4)).

%% A process can spawn despite the spawn => false of an inherit => false
%% layer when that layer only logs, and its child then runs without that
%% layer: the child may call lists:member/2.
not_inherited() ->
    Main = self(),
    Tag = make_ref(),
    Kept = #{mode => deny, mfas => [{lists, keyfind, 3}]},
    NotPassed = #{mode => deny, mfas => [{lists, member, 2}], inherit => false, spawn => false,
                  on_violation => log},
    show(logging_parent_spawned,
         run([Kept, NotPassed],
             fun() ->
                     Child = spawn(fun() -> report(Main, Tag) end),
                     {probe(), is_pid(Child)}
             end)),
    show(child_of_logging_parent, inspect(Tag)).

%% A layer the parent adds after spawning does not reach the running child.
added_after_spawn() ->
    Main = self(),
    Tag = make_ref(),
    show(parent_after_new_layer,
         run([#{mode => deny}],
             fun() ->
                     spawn(fun() -> report(Main, Tag) end),
                     process_flag(policy, #{mode => deny, mfas => [{lists, member, 2}]}),
                     probe()
             end)),
    show(child_spawned_before_new_layer, inspect(Tag)).

probe() ->
    {?TRY(lists:member(b, [a, b])), ?TRY(lists:keyfind(a, 1, [{a, 1}]))}.

%% Sends Main this process's probe results, then waits so that Main can read
%% its layers.
report(Main, Tag) ->
    Main ! {Tag, self(), probe()},
    receive stop -> ok after 1000 -> ok end.

%% Returns the probe results of the process that reports with Tag, and its
%% layers, oldest first.
inspect(Tag) ->
    receive
        {Tag, Pid, Probe} ->
            Layers = case process_info(Pid, policy) of
                         {policy, List} -> List;
                         Other -> Other
                     end,
            Pid ! stop,
            {Probe, Layers}
    after 1000 ->
        timeout
    end.
