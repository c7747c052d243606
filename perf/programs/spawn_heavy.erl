%% Spawns N processes that each send one message back: process creation and exit.
%%   cordon -pa perf/programs -run spawn_heavy main 500000
-module(spawn_heavy).
-export([main/1, bench/1]).

%% Maximum processes alive at once, which bounds the mailbox and the process count.
-define(BATCH, 1000).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("spawn_heavy(~b) = ~b~ntime_us ~b~n", [N, Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Spawns the processes in batches of up to ?BATCH and waits for each batch
%% to report. Returns the sum of the replies, each process I replying I * I.
run(N) -> run(1, N, 0).

run(First, N, Sum) when First > N ->
    Sum;
run(First, N, Sum) ->
    Last = min(First + ?BATCH - 1, N),
    Parent = self(),
    spawn_batch(First, Last, Parent),
    run(Last + 1, N, collect(Last - First + 1, Sum)).

spawn_batch(I, Last, _Parent) when I > Last ->
    ok;
spawn_batch(I, Last, Parent) ->
    spawn(fun() -> Parent ! {reply, I * I} end),
    spawn_batch(I + 1, Last, Parent).

collect(0, Sum) ->
    Sum;
collect(Count, Sum) ->
    receive
        {reply, Value} -> collect(Count - 1, Sum + Value)
    end.
