-module(policy_allow).
-export([main/0, double/1]).

%% Allow mode: a call is permitted only when its {M, F, A} matches a
%% pattern, erlang BIFs included. Local calls are not checked, and the
%% defaults spawn => false and names => [] apply.

-include("policy_case.hrl").

-define(BOX, policy_allow_box).

main() ->
    Box = spawn(fun box/0),
    register(?BOX, Box),
    Spec = #{mfas => [{?MODULE, '_', '_'}, {erlang, atom_to_list, 1}, {lists, member, 2},
                      {erlang, spawn, 1}, {erlang, whereis, 1}]},
    show(listed_bif, run([Spec], fun() -> ?TRY(atom_to_list(id(abc))) end)),
    show(listed_function, run([Spec], fun() -> ?TRY(lists:member(b, [a, b])) end)),
    show(listed_own_module, run([Spec], fun() -> ?TRY(?MODULE:double(21)) end)),
    show(unlisted_bif, run([Spec], fun() -> ?TRY(integer_to_list(id(42))) end)),
    show(unlisted_function, run([Spec], fun() -> ?TRY(lists:keyfind(a, 1, [{a, 1}])) end)),
    show(unlisted_process_info,
         run([Spec], fun() -> ?TRY(process_info(self(), policy)) end)),
    show(unlisted_process_flag,
         run([Spec], fun() -> ?TRY(process_flag(trap_exit, true)) end)),
    show(work_after_violation,
         run([Spec], fun() ->
                             First = ?TRY(integer_to_list(id(42))),
                             {First, ?TRY(atom_to_list(id(abc)))}
                     end)),
    %% spawn => false is the allow-mode default, so listing erlang:spawn/1
    %% is not enough.
    Parent = self(),
    show(spawn_default_false,
         run([Spec], fun() -> ?TRY(spawn(fun() -> Parent ! {?BOX, started} end)) end)),
    show(spawned_children, receive {?BOX, started} -> started after 200 -> none end),
    %% names => [] is the allow-mode default: the send itself is always
    %% permitted, but not to a registered name. whereis/1 is listed, but
    %% the name is not granted.
    show(names_default_send, run([Spec], fun() -> ?TRY(?BOX ! {ping, self()}) end)),
    show(names_default_whereis, run([Spec], fun() -> ?TRY(is_pid(whereis(?BOX))) end)),
    show(box_pings, box_pings(Box)),
    %% A pid is a capability: sending to the box by pid works.
    show(send_to_pid,
         run([Spec], fun() ->
                             Box ! {ping, self()},
                             receive pong -> pong after 1000 -> timeout end
                     end)),
    show(box_pings_after_pid_send, box_pings(Box)),
    local_calls(),
    Box ! stop.

%% Under an empty allowlist a local call runs, and the same function called
%% as ?MODULE:double/1 is an external call that must match a pattern.
local_calls() ->
    Parent = self(),
    Tag = make_ref(),
    spawn(fun() ->
                  process_flag(policy, #{mfas => []}),
                  Local = ?TRY(double(21)),
                  External = ?TRY(?MODULE:double(21)),
                  Parent ! {Tag, {Local, External}}
          end),
    show(empty_allowlist_local_and_external, await(Tag)).

double(X) -> 2 * X.

box() ->
    box(0).

box(Pings) ->
    receive
        {ping, From} ->
            From ! pong,
            box(Pings + 1);
        {count, From} ->
            From ! {pings, Pings},
            box(Pings);
        stop ->
            ok
    end.

box_pings(Box) ->
    Box ! {count, self()},
    receive {pings, N} -> N after 1000 -> timeout end.
