%% gen_server from OTP's own module: calls, casts, infos, a registered
%% name, sys:get_state/replace_state, timeouts, stop, and calls to a
%% server that crashed or stopped, caught as exits. Also process aliases,
%% which gen:call uses.
-module(otp_gen_server).
-behaviour(gen_server).
-export([main/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2,
         terminate/2, code_change/3]).

main() ->
    {ok, Pid} = gen_server:start_link({local, counter}, ?MODULE, 10, []),
    io:format("whereis: ~p~n", [whereis(counter) =:= Pid]),
    io:format("get: ~p~n", [gen_server:call(counter, get)]),
    ok = gen_server:cast(counter, {add, 5}),
    counter ! {add, 2},
    io:format("after cast and info: ~p~n", [gen_server:call(counter, get)]),
    io:format("get_state: ~p~n", [sys:get_state(counter)]),
    sys:replace_state(counter, fun(N) -> N * 2 end),
    io:format("replaced: ~p~n", [gen_server:call(Pid, get)]),
    io:format("timeout: ~p~n", [catch gen_server:call(counter, {sleep, 200}, 50)]),
    io:format("noreply then reply: ~p~n", [gen_server:call(counter, deferred)]),
    io:format("multi: ~p~n", [gen_server:call(counter, {add_get, 1}, infinity)]),
    {status, _, {module, gen_server}, _} = sys:get_status(counter),
    io:format("get_status ok~n"),
    sys:suspend(counter),
    gen_server:cast(counter, {add, 100}),
    sys:resume(counter),
    io:format("after resume: ~p~n", [gen_server:call(counter, get)]),
    ok = gen_server:stop(counter),
    io:format("stopped: ~p~n", [whereis(counter)]),
    io:format("call stopped: ~p~n", [catch gen_server:call(counter, get)]),
    {'EXIT', {DeadReason, {gen_server, call, [Pid, get]}}} = (catch gen_server:call(Pid, get)),
    io:format("call dead pid: ~p~n", [DeadReason]),
    process_flag(trap_exit, true),
    {ok, P2} = gen_server:start_link(?MODULE, 0, []),
    {'EXIT', {{CrashReason, _}, {gen_server, call, [P2, crash]}}} = (catch gen_server:call(P2, crash)),
    io:format("crash call: ~p~n", [CrashReason]),
    receive {'EXIT', P2, R} -> io:format("exit: ~p~n", [element(1, R)]) end,
    io:format("init stop: ~p~n", [gen_server:start(?MODULE, bad, [])]),
    io:format("init ignore: ~p~n", [gen_server:start(?MODULE, ignore, [])]),
    {ok, P3} = gen_server:start(?MODULE, 1, []),
    {ok, _} = gen_server:start({local, dup}, ?MODULE, 1, []),
    io:format("duplicate name: ~p~n",
              [element(1, element(2, gen_server:start({local, dup}, ?MODULE, 1, [])))]),
    io:format("stop reason: ~p~n", [gen_server:stop(P3, normal, infinity)]),
    process_flag(trap_exit, false),
    _ = flush(),
    aliases(),
    ok.

aliases() ->
    A = alias(),
    A ! via_alias,
    io:format("alias message: ~p~n", [receive Msg -> Msg after 100 -> none end]),
    io:format("unalias: ~p ~p~n", [unalias(A), unalias(A)]),
    A ! dropped,
    io:format("after unalias: ~p~n", [receive Msg2 -> Msg2 after 50 -> none end]),
    R = alias([reply]),
    Self = self(),
    spawn(fun() -> R ! first, R ! second, Self ! done end),
    receive done -> ok end,
    io:format("reply alias: ~p~n", [flush()]),
    io:format("alias badarg: ~p~n", [element(1, element(2, catch alias([nope])))]),
    io:format("unalias badarg: ~p~n", [element(1, catch unalias(self()))]),
    Target = spawn(fun() -> receive stop -> ok end end),
    M = erlang:monitor(process, Target, [{alias, demonitor}]),
    M ! through_monitor,
    io:format("monitor alias: ~p~n", [receive X -> X after 100 -> none end]),
    true = erlang:demonitor(M),
    M ! after_demonitor,
    io:format("after demonitor: ~p~n", [receive Y -> Y after 50 -> none end]),
    M2 = erlang:monitor(process, Target, [{alias, reply_demonitor}]),
    spawn(fun() -> M2 ! reply1, M2 ! reply2 end),
    timer:sleep(50),
    io:format("reply_demonitor: ~p~n", [flush()]),
    io:format("monitors left: ~p~n", [erlang:process_info(self(), monitors)]),
    M3 = erlang:monitor(process, Target, [{tag, my_down}]),
    Target ! stop,
    receive {my_down, M3, process, Target, Why} -> io:format("tagged down: ~p~n", [Why]) end,
    M4 = erlang:monitor(process, Target, [{alias, explicit_unalias}]),
    receive {'DOWN', M4, process, _, Why2} -> io:format("dead target: ~p~n", [Why2]) end,
    M4 ! still_active,
    io:format("explicit alias after down: ~p~n", [flush()]),
    io:format("bad option: ~p~n", [element(1, catch erlang:monitor(process, self(), [{alias, x}]))]),
    register(named_target, spawn(fun() -> receive stop -> ok end end)),
    M5 = erlang:monitor(process, named_target),
    named_target ! stop,
    receive {'DOWN', M5, process, Item, _} -> io:format("by name: ~p~n", [Item]) end,
    M6 = erlang:monitor(process, no_such_name),
    receive {'DOWN', M6, process, Item6, R6} -> io:format("no name: ~p ~p~n", [Item6, R6]) end.

flush() ->
    receive M -> [M | flush()] after 0 -> [] end.

init(bad) -> {stop, bad_init};
init(ignore) -> ignore;
init(N) -> {ok, N}.

handle_call(get, _From, N) -> {reply, N, N};
handle_call({sleep, T}, _From, N) -> timer:sleep(T), {reply, slept, N};
handle_call(deferred, From, N) ->
    self() ! {deferred_reply, From},
    {noreply, N};
handle_call({add_get, K}, _From, N) -> {reply, N + K, N + K};
handle_call(crash, _From, _N) -> erlang:error(boom).

handle_cast({add, K}, N) -> {noreply, N + K}.

handle_info({add, K}, N) -> {noreply, N + K};
handle_info({deferred_reply, From}, N) ->
    gen_server:reply(From, {deferred, N}),
    {noreply, N};
handle_info(_, N) -> {noreply, N}.

terminate(_Reason, _N) -> ok.

code_change(_Old, N, _Extra) -> {ok, N}.
