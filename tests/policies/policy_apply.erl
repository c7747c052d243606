-module(policy_apply).
-export([main/0]).

%% Applies and calls whose target is chosen at run time. A call of
%% erlang:apply/2,3 is itself checked as that MFA, then the function it
%% applies is checked, also through nested applies. A call M:F(...) with a
%% variable M or F is checked as its target only.
%%
%% The argument lists come from id/1, so that erlc emits a call of
%% erlang:apply/3 for apply(M, F, Args). With a literal argument list erlc
%% turns apply(lists, member, [X, L]) into lists:member(X, L) and
%% apply(Mod, member, [X, L]) into the variable call Mod:member(X, L).

-include("policy_case.hrl").

main() ->
    Own = {?MODULE, '_', '_'},
    Allow = #{mfas => [Own, {erlang, apply, 3}, {erlang, apply, 2}, {lists, member, 2}]},
    NoApply = #{mfas => [Own, {lists, member, 2}]},
    DenyKeyfind = #{mode => deny, mfas => [{lists, keyfind, 3}]},
    DenyApply3 = #{mode => deny, mfas => [{erlang, apply, 3}]},
    Cases =
        [{apply_3_permitted, fun() -> ?TRY(apply(lists, member, member_args())) end},
         {apply_3_target_denied, fun() -> ?TRY(apply(lists, keyfind, keyfind_args())) end},
         {nested_apply_permitted,
          fun() -> ?TRY(apply(erlang, apply, id([lists, member, member_args()]))) end},
         {nested_apply_target_denied,
          fun() -> ?TRY(apply(erlang, apply, id([lists, keyfind, keyfind_args()]))) end},
         {twice_nested_apply_target_denied,
          fun() ->
                  Inner = [lists, keyfind, keyfind_args()],
                  ?TRY(apply(erlang, apply, id([erlang, apply, Inner])))
          end},
         {apply_2_export_fun_permitted,
          fun() -> ?TRY(apply(id(fun lists:member/2), member_args())) end},
         {apply_2_export_fun_denied,
          fun() -> ?TRY(apply(id(fun lists:keyfind/3), keyfind_args())) end},
         {apply_2_of_apply_3_fun,
          fun() -> ?TRY(apply(id(fun erlang:apply/3), id([lists, keyfind, keyfind_args()]))) end},
         {variable_module_permitted, fun() -> ?TRY((id(lists)):member(b, [a, b])) end},
         {variable_module_denied, fun() -> ?TRY((id(lists)):keyfind(a, 1, [{a, 1}])) end},
         {variable_function_denied, fun() -> ?TRY(lists:(id(keyfind))(a, 1, [{a, 1}])) end},
         {variable_call_of_apply_3,
          fun() -> ?TRY((id(erlang)):apply(lists, keyfind, keyfind_args())) end},
         {variable_call_of_apply_3_permitted,
          fun() -> ?TRY((id(erlang)):apply(lists, member, member_args())) end}],
    Specs = [{allow, Allow}, {no_apply, NoApply}, {deny_keyfind, DenyKeyfind},
             {deny_apply_3, DenyApply3}],
    lists:foreach(fun({Label, Case}) ->
                          lists:foreach(fun({SpecName, Spec}) ->
                                                show([atom_to_list(Label), " under ",
                                                      atom_to_list(SpecName)],
                                                     run([Spec], Case))
                                        end,
                                        Specs)
                  end,
                  Cases).

member_args() ->
    id([b, [a, b]]).

keyfind_args() ->
    id([a, 1, [{a, 1}]]).
