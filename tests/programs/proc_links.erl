-module(proc_links).
-export([main/0]).

%% Links and exit signals: spawn_link, trap_exit, exit/2 with normal, kill
%% and other reasons, propagation along links and 'EXIT' messages. Spawned
%% processes end with exit/1, never with error/1 or an uncaught throw, because
%% OTP logs those to standard output with the process's pid.

wait_exit(Pid) ->
    receive {'EXIT', Pid, Reason} -> Reason after 2000 -> no_exit_message end.

sleeper() -> receive never -> ok end.

alive_after(Pid) ->
    %% Signals between two processes arrive in send order, so this monitor
    %% reports any death caused by an exit signal sent before it. No 'DOWN'
    %% within 50 ms means the process survived.
    Ref = monitor(process, Pid),
    receive
        {'DOWN', Ref, process, Pid, Why} -> {dead, Why}
    after 50 ->
        demonitor(Ref, [flush]),
        alive
    end.

main() ->
    process_flag(trap_exit, true),
    P1 = spawn_link(fun() -> ok end),
    io:format("normal return: ~p~n", [wait_exit(P1)]),
    P2 = spawn_link(fun() -> exit(custom_reason) end),
    io:format("exit/1: ~p~n", [wait_exit(P2)]),
    P4 = spawn_link(fun sleeper/0),
    exit(P4, kill),
    io:format("exit/2 kill: ~p~n", [wait_exit(P4)]),
    P5 = spawn_link(fun sleeper/0),
    exit(P5, shutdown),
    io:format("exit/2 shutdown: ~p~n", [wait_exit(P5)]),
    P6 = spawn_link(fun sleeper/0),
    exit(P6, normal),
    io:format("exit/2 normal to non-trapping: ~p~n", [alive_after(P6)]),
    exit(P6, kill),
    io:format("then killed: ~p~n", [wait_exit(P6)]),
    Parent = self(),
    P7 = spawn_link(fun() ->
                            process_flag(trap_exit, true),
                            Parent ! ready,
                            receive Msg -> Parent ! {trapped, Msg} end,
                            receive after infinity -> ok end
                    end),
    receive ready -> ok end,
    exit(P7, please_stop),
    receive {trapped, {'EXIT', Parent, R7}} -> io:format("trapping child got: ~p~n", [R7]) end,
    exit(P7, kill),
    io:format("trapping child killed: ~p~n", [wait_exit(P7)]),
    Dead = spawn(fun() -> ok end),
    _ = monitor(process, Dead),
    receive {'DOWN', _, process, Dead, _} -> ok end,
    link(Dead),
    io:format("link to dead process: ~p~n", [wait_exit(Dead)]),
    %% A chain A - B - C where C dies: the signal kills B and A unless trapped.
    Chain = spawn_link(fun() ->
                               B = spawn_link(fun() ->
                                                      C = spawn_link(fun() ->
                                                                             receive die -> exit(chain_broken) end
                                                                     end),
                                                      Parent ! {c, C},
                                                      sleeper()
                                              end),
                               Parent ! {b, B},
                               sleeper()
                       end),
    C = receive {c, CPid} -> CPid end,
    B = receive {b, BPid} -> BPid end,
    BMon = monitor(process, B),
    C ! die,
    receive {'DOWN', BMon, process, B, BReason} -> io:format("middle died: ~p~n", [BReason]) end,
    io:format("chain head: ~p~n", [wait_exit(Chain)]),
    P8 = spawn(fun sleeper/0),
    link(P8),
    unlink(P8),
    exit(P8, kill),
    io:format("after unlink: ~p~n", [receive {'EXIT', P8, _} -> got_exit after 100 -> no_exit end]),
    P9 = spawn_link(fun() -> exit(self(), kill) end),
    io:format("self kill: ~p~n", [wait_exit(P9)]),
    P10 = spawn_link(fun() -> exit(normal) end),
    io:format("exit(normal): ~p~n", [wait_exit(P10)]),
    process_flag(trap_exit, false),
    Unlinked = spawn(fun() -> exit(ignored_by_parent) end),
    Ref = monitor(process, Unlinked),
    receive {'DOWN', Ref, process, Unlinked, Why} -> io:format("unlinked death: ~p~n", [Why]) end,
    io:format("~p~n", [process_flag(trap_exit, false)]),
    io:format("done~n").
