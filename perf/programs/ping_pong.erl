%% Two processes exchanging N messages: send, receive and context switches.
%%   cordon -pa perf/programs -run ping_pong main 2000000
-module(ping_pong).
-export([main/1, bench/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("ping_pong(~b) = ~b~ntime_us ~b~n", [N, Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Sends N pings, each answered by one pong, so 2 * N messages in all.
%% Returns the sum of the values the pongs carry.
run(N) ->
    Pong = spawn(fun pong/0),
    Sum = ping(N, Pong, 0),
    Pong ! stop,
    Sum.

ping(0, _Pong, Sum) ->
    Sum;
ping(N, Pong, Sum) ->
    Pong ! {ping, self(), N},
    receive
        {pong, Value} -> ping(N - 1, Pong, Sum + Value)
    end.

pong() ->
    receive
        {ping, From, N} ->
            From ! {pong, N band 16#FF},
            pong();
        stop ->
            ok
    end.
