%% gen_server round trips through OTP's own gen_server: calls, casts and
%% a registered name, with one server per round.
%%   cordon -pa perf/programs -run gen_server_calls main 100000
-module(gen_server_calls).
-behaviour(gen_server).
-export([main/1, bench/1]).
-export([init/1, handle_call/3, handle_cast/2]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Start = erlang:monotonic_time(microsecond),
    Result = run(N),
    Elapsed = erlang:monotonic_time(microsecond) - Start,
    io:format("gen_server_calls(~b) = ~b~ntime_us ~b~n", [N, Result, Elapsed]).

%% Runs the workload and prints nothing, for benchmark harnesses.
bench([Arg]) ->
    run(list_to_integer(Arg)).

%% Makes N calls and N casts to a server, then stops it, and returns the
%% server's final count.
run(N) ->
    {ok, Pid} = gen_server:start({local, gen_server_calls}, ?MODULE, 0, []),
    loop(N),
    Count = gen_server:call(Pid, get),
    ok = gen_server:stop(Pid),
    Count.

loop(0) ->
    ok;
loop(N) ->
    _ = gen_server:call(gen_server_calls, {add, N}),
    gen_server:cast(gen_server_calls, {add, 1}),
    loop(N - 1).

init(Count) -> {ok, Count}.

handle_call({add, N}, _From, Count) -> {reply, Count, (Count + N) band 16#FFFFFFF};
handle_call(get, _From, Count) -> {reply, Count, Count}.

handle_cast({add, N}, Count) -> {noreply, Count + N}.
