-module(proc_registry).
-export([main/0]).

%% Registered names: register, whereis, unregister, sending to a name and
%% the badarg cases.

try_it(Label, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [Label, R]).

server() ->
    receive
        {From, ping} -> From ! pong, server();
        stop -> ok
    end.

main() ->
    Pid = spawn(fun server/0),
    io:format("register: ~p~n", [register(my_server, Pid)]),
    io:format("whereis matches: ~p~n", [whereis(my_server) =:= Pid]),
    my_server ! {self(), ping},
    receive pong -> io:format("pong by name~n") end,
    {my_server, node()} ! {self(), ping},
    receive pong -> io:format("pong by {name, node}~n") end,
    io:format("listed: ~p~n", [lists:member(my_server, registered())]),
    try_it("register taken name", fun() -> register(my_server, self()) end),
    try_it("register second name", fun() -> register(other_name, Pid) end),
    try_it("register undefined", fun() -> register(undefined, self()) end),
    try_it("register non-atom", fun() -> register("str", self()) end),
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    try_it("register dead pid", fun() -> register(dead_one, Dead) end),
    io:format("whereis unknown: ~p~n", [whereis(nobody_here)]),
    try_it("send to unknown name", fun() -> nobody_here ! hello end),
    io:format("unregister: ~p~n", [unregister(my_server)]),
    io:format("whereis after: ~p~n", [whereis(my_server)]),
    try_it("unregister again", fun() -> unregister(my_server) end),
    register(me, self()),
    me ! to_me,
    receive to_me -> io:format("message to own name~n") end,
    io:format("registered_name: ~p~n", [process_info(self(), registered_name)]),
    unregister(me),
    io:format("registered_name after: ~p~n", [process_info(self(), registered_name)]),
    register(temp, Pid),
    MRef = monitor(process, Pid),
    Pid ! stop,
    receive {'DOWN', MRef, _, _, _} -> ok end,
    io:format("name freed on exit: ~p~n", [whereis(temp)]),
    Registered = whereis(init) =/= undefined,
    io:format("init is registered: ~p~n", [Registered]),
    io:format("done~n").
