-module(proc_monitors).
-export([main/0]).

%% Monitors: 'DOWN' messages with each kind of reason, noproc, demonitor
%% with and without flush, and several monitors on one process.

down(Ref) ->
    receive {'DOWN', Ref, Type, _Pid, Reason} -> {Type, Reason} after 2000 -> no_down end.

%% Polls the own message queue, so that a 'DOWN' message is known to be
%% queued without receiving it.
wait_for_messages(N) ->
    case process_info(self(), message_queue_len) of
        {message_queue_len, Len} when Len >= N -> ok;
        _ -> receive after 1 -> wait_for_messages(N) end
    end.

main() ->
    {P1, R1} = spawn_monitor(fun() -> ok end),
    io:format("normal: ~p ~p~n", [down(R1), is_pid(P1)]),
    {_, R2} = spawn_monitor(fun() -> exit({shutdown, x}) end),
    io:format("exit: ~p~n", [down(R2)]),
    {P3, R3} = spawn_monitor(fun() -> receive never -> ok end end),
    exit(P3, kill),
    io:format("killed: ~p~n", [down(R3)]),
    Dead = spawn(fun() -> ok end),
    R4a = monitor(process, Dead),
    _ = down(R4a),
    R4 = monitor(process, Dead),
    io:format("noproc: ~p~n", [down(R4)]),
    io:format("unknown name: ~p~n", [down(monitor(process, no_such_registered_name))]),
    Pid = spawn(fun() -> receive stop -> exit(stopped) end end),
    M1 = monitor(process, Pid),
    M2 = monitor(process, Pid),
    io:format("distinct refs: ~p~n", [M1 =/= M2]),
    io:format("demonitor: ~p~n", [demonitor(M1)]),
    Pid ! stop,
    io:format("second monitor: ~p~n", [down(M2)]),
    io:format("first removed: ~p~n", [receive {'DOWN', M1, _, _, _} -> got after 50 -> none end]),
    {P5, M5} = spawn_monitor(fun() -> exit(quick) end),
    wait_for_messages(1),
    io:format("demonitor flush: ~p~n", [demonitor(M5, [flush])]),
    io:format("flushed: ~p ~p~n", [receive {'DOWN', M5, _, _, _} -> still_there after 0 -> gone end,
                                 is_process_alive(P5)]),
    {_, M6} = spawn_monitor(fun() -> receive never -> ok end end),
    io:format("demonitor info alive: ~p~n", [demonitor(M6, [info])]),
    io:format("demonitor info again: ~p~n", [demonitor(M6, [info])]),
    {_, M7} = spawn_monitor(fun() -> ok end),
    wait_for_messages(1),
    io:format("demonitor info dead: ~p~n", [demonitor(M7, [info, flush])]),
    Self = self(),
    Watcher = spawn(fun() ->
                            Ref = monitor(process, Self),
                            Self ! {watching, self()},
                            receive {'DOWN', Ref, _, _, _} -> ok end
                    end),
    receive {watching, Watcher} -> ok end,
    WRef = monitor(process, Watcher),
    exit(Watcher, kill),
    io:format("watcher: ~p~n", [down(WRef)]),
    Many = [element(2, spawn_monitor(fun() -> exit(N) end)) || N <- lists:seq(1, 5)],
    io:format("many: ~p~n", [[down(R) || R <- Many]]),
    io:format("done~n").
