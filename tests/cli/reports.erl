%% Produces the error reports that tests/cli.rs compares with erl's: a
%% gen_server crashing in a call, its proc_lib crash report, and a
%% supervisor report for a child that exits abnormally.
-module(reports).
-behaviour(gen_server).
-export([main/0, init/1, handle_call/3, handle_cast/2, start_child/0]).

main() ->
    {ok, Server} = gen_server:start(?MODULE, server, []),
    catch gen_server:call(Server, crash),
    process_flag(trap_exit, true),
    {ok, Sup} = supervisor:start_link(?MODULE, supervisor),
    [{child, Child, worker, _}] = supervisor:which_children(Sup),
    Ref = monitor(process, Child),
    exit(Child, kill),
    receive {'DOWN', Ref, process, Child, _} -> ok end,
    _ = supervisor:which_children(Sup),
    exit(Sup, shutdown),
    receive {'EXIT', Sup, _} -> ok end,
    io:format("done~n").

init(server) ->
    {ok, 0};
init(supervisor) ->
    {ok, {#{strategy => one_for_one},
          [#{id => child, start => {?MODULE, start_child, []}}]}}.

start_child() ->
    {ok, spawn_link(fun() -> receive stop -> ok end end)}.

handle_call(crash, _From, State) ->
    {reply, 1 div State, State}.

handle_cast(_, State) ->
    {noreply, State}.
