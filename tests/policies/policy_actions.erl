-module(policy_actions).
-export([main/0]).

%% Actions on a violation. error raises error:{policy_violation, MFA} in
%% the caller, which may catch it. kill ends the process with exit reason
%% {policy_violation, MFA}, which no catch sees and which links and monitors
%% receive. log lets the call through. When layers disagree the most
%% restrictive action wins: kill, then error, then log.

-include("policy_case.hrl").

-define(BOX, policy_actions_box).

main() ->
    Box = spawn(fun box/0),
    register(?BOX, Box),
    Deny = fun(Action) -> #{mode => deny, mfas => [{lists, keyfind, 3}], on_violation => Action} end,

    show(error_caught_by_try,
         run([Deny(error)],
             fun() ->
                     try lists:keyfind(a, 1, [{a, 1}]) of
                         Value -> {returned, Value}
                     catch
                         Class:Reason -> {caught, Class, Reason}
                     end
             end)),
    show(error_uncaught, error_exit(run([Deny(error)], fun() -> lists:keyfind(a, 1, [{a, 1}]) end))),
    show(kill_not_caught_by_try,
         run([Deny(kill)],
             fun() ->
                     try lists:keyfind(a, 1, [{a, 1}]) of
                         Value -> {returned, Value}
                     catch
                         Class:Reason -> {caught, Class, Reason}
                     end
             end)),
    show(kill_not_caught_by_catch, run([Deny(kill)], fun() -> catch lists:keyfind(a, 1, [{a, 1}]) end)),
    show(kill_while_trapping_exits,
         run([Deny(kill)],
             fun() ->
                     process_flag(trap_exit, true),
                     catch lists:keyfind(a, 1, [{a, 1}])
             end)),
    show(kill_seen_by_link, kill_seen_by_link(Deny(kill))),
    show(log_lets_call_through, run([Deny(log)], fun() -> ?TRY(lists:keyfind(a, 1, [{a, 1}])) end)),
    show(log_in_allow_mode,
         run([#{mfas => [{?MODULE, '_', '_'}], on_violation => log}],
             fun() -> ?TRY(atom_to_list(id(abc))) end)),
    show(log_of_spawn_ban,
         run([#{mode => deny, spawn => false, on_violation => log}],
             fun() -> ?TRY(is_pid(spawn(fun() -> ok end))) end)),
    show(kill_on_spawn_ban,
         run([#{mode => deny, spawn => false, on_violation => kill}],
             fun() -> catch spawn(fun() -> ok end) end)),
    show(kill_on_name,
         run([#{mode => deny, names => [], on_violation => kill}],
             fun() -> catch (?BOX ! hello) end)),

    %% Every ordered pair of actions across two layers that both deny the
    %% call. The result is the same in either order.
    Actions = [log, error, kill],
    lists:foreach(fun({First, Second}) ->
                          show([atom_to_list(First), " then ", atom_to_list(Second)],
                               run([Deny(First), Deny(Second)], fun keyfind_probe/0))
                  end,
                  [{First, Second} || First <- Actions, Second <- Actions]),

    %% A logging layer that denies the call and a layer that permits it: the
    %% call goes through.
    show(log_and_permit,
         run([Deny(log), #{mfas => [{?MODULE, '_', '_'}, {lists, keyfind, 3}]}],
             fun keyfind_probe/0)),
    %% Each violation takes the action of the layer it violates.
    show(log_one_call_error_another,
         run([Deny(log), #{mode => deny, mfas => [{lists, member, 2}]}],
             fun() -> {keyfind_probe(), ?TRY(lists:member(b, [a, b]))} end)),
    Box ! stop.

keyfind_probe() ->
    ?TRY(lists:keyfind(a, 1, [{a, 1}])).

%% Returns {error_exit, Reason} for a child that ended with an uncaught
%% error:Reason, whose exit reason is {Reason, Stacktrace}.
error_exit({down, {Reason, Stack}}) when is_list(Stack) -> {error_exit, Reason};
error_exit(Other) -> Other.

%% Starts a child under Spec that is linked to an unrestricted process
%% trapping exits, and returns the exit signal that process receives.
kill_seen_by_link(Spec) ->
    Parent = self(),
    Tag = make_ref(),
    spawn(fun() ->
                  process_flag(trap_exit, true),
                  Child = spawn_opt(fun() -> lists:keyfind(a, 1, [{a, 1}]) end,
                                    [{policy, Spec}, link]),
                  receive
                      {'EXIT', Child, Reason} -> Parent ! {Tag, {'EXIT', Reason}}
                  after 1000 ->
                      Parent ! {Tag, timeout}
                  end
          end),
    await(Tag).

box() ->
    receive
        stop -> ok;
        _ -> box()
    end.
