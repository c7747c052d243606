-module(policy_stacking).
-export([main/0]).

%% Stacked layers: a call must pass every layer, in any order, and a later
%% layer cannot widen an earlier one because layers are never removed.
%% process_flag(policy, Spec) is always permitted and returns the previous
%% list of layers. Other process_flag/2 calls are ordinary MFAs.

-include("policy_case.hrl").

main() ->
    Own = {?MODULE, '_', '_'},
    Allow = #{mfas => [Own, {lists, '_', '_'}, {erlang, atom_to_list, 1}]},
    Deny = #{mode => deny, mfas => [{lists, keyfind, 3}]},
    Cases = fun() ->
                    {?TRY(lists:member(b, [a, b])),
                     ?TRY(lists:keyfind(a, 1, [{a, 1}])),
                     ?TRY(atom_to_list(id(abc))),
                     ?TRY(integer_to_list(id(42)))}
            end,
    show(allow_then_deny, run([Allow, Deny], Cases)),
    show(deny_then_allow, run([Deny, Allow], Cases)),

    %% Two allowlists permit only what both list.
    AllowMember = #{mfas => [Own, {lists, member, 2}, {lists, keyfind, 3}]},
    AllowReverse = #{mfas => [Own, {lists, member, 2}, {lists, reverse, 2}]},
    show(two_allowlists,
         run([AllowMember, AllowReverse],
             fun() ->
                     {?TRY(lists:member(b, [a, b])),
                      ?TRY(lists:keyfind(a, 1, [{a, 1}])),
                      ?TRY(lists:reverse([2, 1], [3]))}
             end)),

    %% Layers added later, even permissive ones, leave earlier ones in force.
    show(later_layers_do_not_widen,
         run([Allow, Deny],
             fun() ->
                     process_flag(policy, #{mode => deny}),
                     process_flag(policy, #{mfas => [Own, {erlang, '_', '_'}, {lists, '_', '_'}],
                                            spawn => true, names => all}),
                     {?TRY(lists:keyfind(a, 1, [{a, 1}])),
                      ?TRY(integer_to_list(id(42))),
                      ?TRY(atom_to_list(id(abc)))}
             end)),

    %% A later layer narrows: member/2 passes until a layer denies it.
    show(later_layer_narrows,
         run([Allow],
             fun() ->
                     Before = ?TRY(lists:member(b, [a, b])),
                     process_flag(policy, #{mode => deny, mfas => [{lists, member, 2}]}),
                     {Before, ?TRY(lists:member(b, [a, b]))}
             end)),
    flag_under_empty_allowlist(),
    layers_oldest_first().

%% Under an empty allowlist nothing external may be called, yet
%% process_flag(policy, _) still works and returns the layers before it.
%% An invalid spec still raises badarg rather than a violation.
flag_under_empty_allowlist() ->
    Parent = self(),
    Tag = make_ref(),
    spawn(fun() ->
                  First = process_flag(policy, #{}),
                  Second = process_flag(policy, #{mode => deny, mfas => [{lists, member, 2}]}),
                  Third = process_flag(policy, #{mode => deny}),
                  Invalid = ?TRY(process_flag(policy, #{mode => none})),
                  TrapExit = ?TRY(process_flag(trap_exit, true)),
                  Parent ! {Tag, {First, Second, Third, Invalid, TrapExit}}
          end),
    case await(Tag) of
        {First, Second, Third, Invalid, TrapExit} ->
            show(first_flag_returns, First),
            show(second_flag_returns, Second),
            show(third_flag_returns, Third),
            show(invalid_spec_in_restricted_process, Invalid),
            show(trap_exit_flag, TrapExit);
        Other ->
            show(flag_results, Other)
    end.

%% process_info/2 lists spawn_opt layers first, in option order, then the
%% layers the process added itself.
layers_oldest_first() ->
    Parent = self(),
    Tag = make_ref(),
    First = #{mode => deny, mfas => [{lists, member, 2}]},
    Second = #{mode => deny, mfas => [{lists, keyfind, 3}]},
    Child = spawn_opt(fun() ->
                              process_flag(policy, #{mode => deny, mfas => [{lists, reverse, 2}]}),
                              Parent ! {Tag, ready},
                              receive stop -> ok after 1000 -> ok end
                      end,
                      [{policy, First}, {policy, Second}]),
    show(ready, await(Tag)),
    case process_info(Child, policy) of
        {policy, Layers} ->
            show(denied_by_each_layer, [Mfas || #{mfas := Mfas} <- Layers]);
        Other ->
            show(layers, Other)
    end,
    Child ! stop.
