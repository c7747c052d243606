-module(policy_ets).
-export([main/0]).

%% ETS tables. A table name is a global name like a registered name, so a
%% restricted process may use a named table by its name, create a named
%% table or rename one only if a layer's names grants the name. A table
%% reference is a capability like a pid: a process that was handed one
%% may use it. ets:all/0 lists every table, so it forges references and a
%% layer that limits names rejects it. The violation is named after the
%% ets BIF called.

-include("policy_case.hrl").

-define(GRANTED, policy_ets_granted).
-define(OTHER, policy_ets_other).
-define(FREE, policy_ets_free).

main() ->
    ets:new(?GRANTED, [named_table, public]),
    ets:insert(?GRANTED, {k, granted}),
    ets:new(?OTHER, [named_table, public]),
    ets:insert(?OTHER, {k, other}),
    OtherRef = ets:whereis(?OTHER),
    Unnamed = ets:new(unnamed, [public]),
    ets:insert(Unnamed, {k, unnamed}),
    Spec = #{mfas => [{?MODULE, '_', '_'}, {ets, '_', '_'}], names => [?GRANTED, ?FREE]},
    Cases =
        [{lookup_granted, fun() -> ?TRY(ets:lookup(?GRANTED, k)) end},
         {insert_granted, fun() -> ?TRY(ets:insert(?GRANTED, {k2, v})) end},
         {lookup_other, fun() -> ?TRY(ets:lookup(?OTHER, k)) end},
         {insert_other, fun() -> ?TRY(ets:insert(?OTHER, {k2, v})) end},
         {select_other, fun() -> ?TRY(ets:select(?OTHER, [{'_', [], ['$_']}])) end},
         {info_other, fun() -> ?TRY(ets:info(?OTHER, size)) end},
         {delete_other, fun() -> ?TRY(ets:delete(?OTHER)) end},
         {foldl_other, fun() -> ?TRY(ets:foldl(fun(X, A) -> [X | A] end, [], ?OTHER)) end},
         {whereis_granted, fun() -> ?TRY(is_reference(ets:whereis(?GRANTED))) end},
         {whereis_other, fun() -> ?TRY(ets:whereis(?OTHER)) end},
         {other_by_reference, fun() -> ?TRY(ets:lookup(OtherRef, k)) end},
         {unnamed_by_reference, fun() -> ?TRY(ets:lookup(Unnamed, k)) end},
         {new_unnamed, fun() -> ?TRY(is_reference(ets:new(?OTHER, []))) end},
         {new_named_granted, fun() -> ?TRY(ets:new(?FREE, [named_table])) end},
         {new_named_other, fun() -> ?TRY(ets:new(policy_ets_taken, [named_table])) end},
         {rename_to_other,
          fun() -> T = ets:new(?FREE, [named_table]), ?TRY(ets:rename(T, policy_ets_taken)) end},
         {all, fun() -> ?TRY(ets:all()) end}],
    lists:foreach(fun({Label, Case}) -> show(Label, run([Spec], Case)) end, Cases),
    show(other_untouched, ets:tab2list(?OTHER)),
    show(taken_name_free, ets:whereis(policy_ets_taken)),

    %% Listing ets:all/0 is not enough under a layer that limits names.
    AllListed = #{mfas => [{?MODULE, '_', '_'}, {ets, all, 0}]},
    show(all_listed_names_limited, run([AllListed], fun() -> ?TRY(ets:all()) end)),
    AllNames = AllListed#{names => all},
    show(all_listed_names_all, run([AllNames], fun() -> ?TRY(is_list(ets:all())) end)),
    %% A denylist grants every name unless it lists names.
    Deny = #{mode => deny, mfas => [{os, '_', '_'}]},
    show(deny_mode_other, run([Deny], fun() -> ?TRY(ets:lookup(?OTHER, k)) end)),
    show(deny_mode_all, run([Deny], fun() -> ?TRY(is_list(ets:all())) end)).
