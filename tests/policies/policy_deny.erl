-module(policy_deny).
-export([main/0, double/1]).

%% Deny mode: a call is a violation only when its {M, F, A} matches a
%% pattern. The defaults spawn => true and names => all apply, and a child
%% inherits the layer.

-include("policy_case.hrl").

-define(BOX, policy_deny_box).

main() ->
    Box = spawn(fun box/0),
    register(?BOX, Box),
    Spec = #{mode => deny,
             mfas => [{erlang, integer_to_list, 1}, {lists, keyfind, 3}, {?MODULE, double, 1}]},
    show(denied_bif, run([Spec], fun() -> ?TRY(integer_to_list(id(42))) end)),
    show(other_arity_bif, run([Spec], fun() -> ?TRY(integer_to_list(id(42), 16)) end)),
    show(other_bif, run([Spec], fun() -> ?TRY(atom_to_list(id(abc))) end)),
    show(denied_function, run([Spec], fun() -> ?TRY(lists:keyfind(a, 1, [{a, 1}])) end)),
    show(other_function, run([Spec], fun() -> ?TRY(lists:member(b, [a, b])) end)),
    show(denied_external_own_function, run([Spec], fun() -> ?TRY(?MODULE:double(21)) end)),
    show(local_call_of_denied_function, run([Spec], fun() -> ?TRY(double(21)) end)),
    show(process_info_allowed,
         run([Spec], fun() -> ?TRY(is_list(element(2, process_info(self(), policy)))) end)),
    show(names_default_all,
         run([Spec], fun() ->
                             ?BOX ! {ping, self()},
                             receive pong -> pong after 1000 -> timeout end
                     end)),
    show(whereis_default_all, run([Spec], fun() -> ?TRY(whereis(?BOX) =:= Box) end)),
    Parent = self(),
    Tag = make_ref(),
    %% spawn => true is the deny-mode default. The grandchild reports to this
    %% process directly, under the layer it inherited.
    show(spawn_default_true,
         run([Spec], fun() ->
                             Child = spawn(fun() ->
                                                   Parent ! {Tag, {?TRY(integer_to_list(id(42))),
                                                                   ?TRY(atom_to_list(id(abc)))}}
                                           end),
                             is_pid(Child)
                     end)),
    show(spawned_child_results, await(Tag)),
    show(empty_denylist,
         run([#{mode => deny}], fun() ->
                                        {?TRY(integer_to_list(id(42))),
                                         ?TRY(lists:keyfind(a, 1, [{a, 1}])),
                                         ?TRY(?MODULE:double(21))}
                                end)),
    Box ! stop.

double(X) -> 2 * X.

box() ->
    receive
        {ping, From} ->
            From ! pong,
            box();
        stop ->
            ok
    end.
