-module(policy_spec).
-export([main/0, started/2]).

%% Spec validation: every invalid spec raises error:badarg and adds no
%% layer, and process_info(Pid, policy) shows each valid layer with all
%% seven keys, defaults filled in.

-include("policy_case.hrl").

main() ->
    show(unrestricted, process_info(self(), policy)),
    invalid_specs(),
    invalid_spawn_opt(),
    defaults().

invalid_specs() ->
    Cases =
        [{not_a_map_list, []},
         {not_a_map_tuple, {mode, allow}},
         {not_a_map_atom, allow},
         {unknown_key, #{mode => allow, extra => 1}},
         {mode_value, #{mode => permit}},
         {mfas_not_list, #{mfas => {lists, member, 2}}},
         {mfas_improper_list, #{mfas => [{lists, member, 2} | tail]}},
         {pattern_not_tuple, #{mfas => [lists]}},
         {pattern_two_tuple, #{mfas => [{lists, member}]}},
         {pattern_four_tuple, #{mfas => [{lists, member, 2, x}]}},
         {module_wildcard, #{mfas => [{'_', member, 2}]}},
         {module_not_atom, #{mfas => [{"lists", member, 2}]}},
         {function_not_atom, #{mfas => [{lists, "member", 2}]}},
         {arity_negative, #{mfas => [{lists, member, -1}]}},
         {arity_256, #{mfas => [{lists, member, 256}]}},
         {arity_atom, #{mfas => [{lists, member, any}]}},
         {arity_float, #{mfas => [{lists, member, 2.0}]}},
         {one_bad_pattern, #{mfas => [{lists, member, 2}, {'_', '_', '_'}]}},
         {spawn_not_boolean, #{spawn => yes}},
         {inherit_not_boolean, #{inherit => 1}},
         {names_atom, #{names => none}},
         {names_string, #{names => [box, "box"]}},
         {names_improper_list, #{names => [box | other]}},
         {trusted_atom, #{trusted => lists}},
         {trusted_integer, #{trusted => [lists, 1]}},
         {on_violation_value, #{on_violation => ignore}},
         {spawn_without_inherit, #{spawn => true, inherit => false}},
         %% Deny mode defaults to spawn => true, so inherit => false alone
         %% makes the same invalid pair as the case above.
         {deny_without_inherit, #{mode => deny, inherit => false}}],
    Parent = self(),
    Tag = make_ref(),
    Child = spawn(fun() ->
                          Results = [{Label, ?TRY(process_flag(policy, Spec))}
                                     || {Label, Spec} <- Cases],
                          Parent ! {Tag, Results},
                          receive stop -> ok after 1000 -> ok end
                  end),
    case await(Tag) of
        Results when is_list(Results) ->
            lists:foreach(fun({Label, Result}) -> show(Label, Result) end, Results);
        Other ->
            show(invalid_spec_results, Other)
    end,
    show(layers_after_invalid_specs, process_info(Child, policy)),
    Child ! stop.

%% A bad {policy, Spec} option fails spawn_opt in the parent, and no child
%% runs.
invalid_spawn_opt() ->
    Parent = self(),
    Tag = make_ref(),
    Fun = fun() -> Parent ! {Tag, started} end,
    show(spawn_opt_2_bad_spec,
         ?TRY(spawn_opt(Fun, [{policy, #{mfas => [{'_', f, 0}]}}]))),
    show(spawn_opt_4_bad_spec,
         ?TRY(spawn_opt(?MODULE, started, [Parent, Tag],
                        [{policy, #{spawn => true, inherit => false}}]))),
    show(spawn_opt_one_bad_spec_of_two,
         ?TRY(spawn_opt(Fun, [{policy, #{mode => deny}}, {policy, not_a_map}]))),
    show(children_started, receive {Tag, started} -> started after 200 -> none end).

started(Parent, Tag) ->
    Parent ! {Tag, started}.

%% One child adds every valid layer below, then waits while this process
%% reads its layers.
defaults() ->
    Parent = self(),
    Tag = make_ref(),
    Child = spawn(fun() ->
                          process_flag(policy, #{}),
                          process_flag(policy, #{mode => deny}),
                          process_flag(policy, #{mode => allow, inherit => false}),
                          process_flag(policy, #{mode => deny, inherit => false, spawn => false}),
                          process_flag(policy,
                                       #{mode => allow,
                                         mfas => [{lists, member, 2}, {erlang, '_', '_'},
                                                  {lists, '_', 0}, {lists, reverse, 255}],
                                         spawn => true,
                                         inherit => true,
                                         names => all,
                                         trusted => [lists, policy_spec],
                                         on_violation => log}),
                          process_flag(policy, #{mode => deny, names => [box, other_box],
                                                 on_violation => kill}),
                          Parent ! {Tag, ready},
                          receive stop -> ok after 1000 -> ok end
                  end),
    show(ready, await(Tag)),
    case process_info(Child, policy) of
        {policy, Layers} ->
            show(layer_count, length(Layers)),
            lists:foreach(fun(Layer) -> show(layer, Layer) end, Layers);
        Other ->
            show(layers, Other)
    end,
    Child ! stop.
