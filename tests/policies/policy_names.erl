-module(policy_names).
-export([main/0, started/0]).

%% Registered names. A restricted process may use a registered name only if
%% a layer's names grants it: to send to it, and in whereis/1, register/2,
%% unregister/1, monitor/2, send_after/3 and start_timer/3. Those BIFs are
%% MFAs too, checked first. A violation is named after the BIF called, with
%% Name ! Msg as erlang:send/2. Sending to a pid is always permitted, and
%% sending to or spawning on another node is a violation.

-include("policy_case.hrl").

-define(GRANTED, policy_names_granted).
-define(OTHER, policy_names_other).
-define(FREE, policy_names_free).
-define(REMOTE, 'policy_names_remote@nohost').

main() ->
    Granted = spawn(fun box/0),
    register(?GRANTED, Granted),
    Other = spawn(fun box/0),
    register(?OTHER, Other),
    Own = {?MODULE, '_', '_'},
    Bifs = [{erlang, whereis, 1}, {erlang, register, 2}, {erlang, unregister, 1},
            {erlang, monitor, 2}, {erlang, send_after, 3}, {erlang, start_timer, 3}],
    Spec = #{mfas => [Own | Bifs], names => [?GRANTED, ?FREE]},
    %% {Name, node()} names a process registered on this node, so it takes
    %% the same check as Name.
    Cases =
        [{send_granted, fun() -> ping(?GRANTED) end},
         {send_other, fun() -> ping(?OTHER) end},
         {send_granted_local_node, fun() -> ping({?GRANTED, node()}) end},
         {send_other_local_node, fun() -> ping({?OTHER, node()}) end},
         {send_2_granted, fun() -> ?TRY(erlang:send(?GRANTED, {ping, self()})), pong() end},
         {send_2_other, fun() -> ?TRY(erlang:send(?OTHER, {ping, self()})) end},
         {send_3_other, fun() -> ?TRY(erlang:send(?OTHER, {ping, self()}, [])) end},
         {send_to_pid_of_other, fun() -> Other ! {ping, self()}, pong() end},
         {whereis_granted, fun() -> ?TRY(whereis(?GRANTED) =:= Granted) end},
         {whereis_other, fun() -> ?TRY(whereis(?OTHER)) end},
         {whereis_granted_unregistered, fun() -> ?TRY(whereis(?FREE)) end},
         {register_granted,
          fun() -> {?TRY(register(?FREE, self())), ?TRY(unregister(?FREE))} end},
         {register_other_name, fun() -> ?TRY(register(policy_names_taken, self())) end},
         {unregister_other, fun() -> ?TRY(unregister(?OTHER)) end},
         {monitor_granted, fun() -> ?TRY(is_reference(monitor(process, ?GRANTED))) end},
         {monitor_other, fun() -> ?TRY(monitor(process, ?OTHER)) end},
         {monitor_other_local_node, fun() -> ?TRY(monitor(process, {?OTHER, node()})) end},
         {monitor_pid_of_other, fun() -> ?TRY(is_reference(monitor(process, Other))) end},
         {send_after_granted,
          fun() -> ?TRY(is_reference(erlang:send_after(10, ?GRANTED, {ping, self()}))), pong() end},
         {send_after_other, fun() -> ?TRY(erlang:send_after(10, ?OTHER, {ping, self()})) end},
         {send_after_pid_of_other,
          fun() -> ?TRY(is_reference(erlang:send_after(10, Other, {ping, self()}))), pong() end},
         {start_timer_other, fun() -> ?TRY(erlang:start_timer(10, ?OTHER, {ping, self()})) end}],
    lists:foreach(fun({Label, Case}) -> show(Label, run([Spec], Case)) end, Cases),
    show(other_still_registered, whereis(?OTHER) =:= Other),
    show(free_name_unregistered, whereis(?FREE)),
    show(taken_name_unregistered, whereis(policy_names_taken)),

    %% The name is granted but the BIF is not listed: the MFA check fails.
    NoBifs = #{mfas => [Own], names => [?GRANTED]},
    show(bif_not_listed_whereis, run([NoBifs], fun() -> ?TRY(whereis(?GRANTED)) end)),
    show(bif_not_listed_send_after,
         run([NoBifs], fun() -> ?TRY(erlang:send_after(10, ?GRANTED, {ping, self()})) end)),
    show(bif_not_listed_send, run([NoBifs], fun() -> ping(?GRANTED) end)),

    %% Deny mode grants every name unless names says otherwise, and a name
    %% must be granted by every layer.
    Deny = #{mode => deny},
    DenyGranted = #{mode => deny, names => [?GRANTED]},
    show(deny_mode_send_other, run([Deny], fun() -> ping(?OTHER) end)),
    show(deny_mode_whereis_other, run([Deny], fun() -> ?TRY(whereis(?OTHER) =:= Other) end)),
    show(deny_mode_names_send_other, run([DenyGranted], fun() -> ping(?OTHER) end)),
    show(deny_mode_names_send_granted, run([DenyGranted], fun() -> ping(?GRANTED) end)),
    show(second_layer_names, run([Deny, #{mode => deny, names => []}], fun() -> ping(?GRANTED) end)),

    %% Another node is out of reach whatever the names, even in deny mode.
    %% Nothing is sent, because the violation comes first.
    show(remote_send, run([Deny], fun() -> ?TRY({?GRANTED, ?REMOTE} ! hello) end)),
    show(remote_send_2, run([Deny], fun() -> ?TRY(erlang:send({?GRANTED, ?REMOTE}, hello)) end)),
    show(remote_spawn_2, run([Deny], fun() -> ?TRY(spawn(?REMOTE, fun() -> ok end)) end)),
    show(remote_spawn_4, run([Deny], fun() -> ?TRY(spawn(?REMOTE, ?MODULE, started, [])) end)),

    show(granted_pings, pings(Granted)),
    show(other_pings, pings(Other)),
    Granted ! stop,
    Other ! stop.

started() ->
    ok.

%% Sends {ping, self()} to Destination and returns the box's pong, or the
%% error that the send raised.
ping(Destination) ->
    case ?TRY(Destination ! {ping, self()}) of
        {caught, _} = Caught -> Caught;
        _ -> pong()
    end.

pong() ->
    receive pong -> pong after 1000 -> timeout end.

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

pings(Box) ->
    Box ! {count, self()},
    receive {pings, N} -> N after 1000 -> timeout end.
