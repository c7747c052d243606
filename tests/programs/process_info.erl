-module(process_info).
-export([main/0, body/0]).

%% A subset of process_info/2: message_queue_len, registered_name,
%% dictionary, links, trap_exit and status, plus is_process_alive.

%% The checks run in a fresh process because under erl -run the entry
%% process is linked to init and traps exits.
main() ->
    {Pid, Ref} = spawn_monitor(?MODULE, body, []),
    receive {'DOWN', Ref, process, Pid, Reason} -> io:format("body: ~p~n", [Reason]) end.

body() ->
    Self = self(),
    io:format("~p~n", [process_info(Self, message_queue_len)]),
    [Self ! {m, N} || N <- lists:seq(1, 3)],
    io:format("~p~n", [process_info(Self, message_queue_len)]),
    io:format("~p~n", [process_info(Self, messages)]),
    [receive {m, N} -> ok end || N <- lists:seq(1, 3)],
    io:format("~p~n", [process_info(Self, message_queue_len)]),
    io:format("~p~n", [process_info(Self, registered_name)]),
    register(info_test, Self),
    io:format("~p~n", [process_info(Self, registered_name)]),
    unregister(info_test),
    put(k1, v1),
    put(k2, [1, 2]),
    {dictionary, Dict} = process_info(Self, dictionary),
    io:format("~p~n", [lists:sort(Dict)]),
    io:format("~p~n", [process_info(Self, links)]),
    io:format("~p~n", [process_info(Self, trap_exit)]),
    Child = spawn_link(fun() -> receive stop -> ok end end),
    {links, Links} = process_info(Self, links),
    io:format("links: ~p~n", [Links =:= [Child]]),
    {links, ChildLinks} = process_info(Child, links),
    io:format("child links: ~p~n", [ChildLinks =:= [Self]]),
    io:format("~p~n", [process_info(Self, trap_exit)]),
    process_flag(trap_exit, true),
    io:format("~p~n", [process_info(Self, trap_exit)]),
    io:format("~p~n", [process_info(Self, status)]),
    io:format("~p~n", [process_info(Child, [message_queue_len, registered_name])]),
    io:format("alive: ~p~n", [is_process_alive(Child)]),
    Child ! stop,
    receive {'EXIT', Child, normal} -> ok end,
    io:format("alive after exit: ~p~n", [is_process_alive(Child)]),
    io:format("info of dead process: ~p~n", [process_info(Child, message_queue_len)]),
    io:format("~p~n", [process_info(Self, links)]),
    Waiting = spawn(fun() -> receive never -> ok end end),
    wait_until_waiting(Waiting),
    io:format("blocked process: ~p~n", [process_info(Waiting, status)]),
    exit(Waiting, kill),
    R = try process_info(not_a_pid, status) catch error:E -> E end,
    io:format("~p~n", [R]),
    R2 = try process_info(Self, no_such_item) catch error:E2 -> E2 end,
    io:format("~p~n", [R2]),
    {heap_size, Heap} = process_info(Self, heap_size),
    io:format("heap size is integer: ~p~n", [is_integer(Heap)]),
    {current_function, CF} = process_info(Self, current_function),
    io:format("current function: ~p~n", [CF]),
    exit(done).

wait_until_waiting(Pid) ->
    case process_info(Pid, status) of
        {status, waiting} -> ok;
        _ -> receive after 1 -> wait_until_waiting(Pid) end
    end.
