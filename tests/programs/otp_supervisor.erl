%% OTP's supervisor module: one_for_one and one_for_all restarts,
%% rest_for_one, child management, simple_one_for_one children, shutdown
%% by brutal_kill and timeout, and a supervisor giving up when restarts
%% exceed its intensity.
-module(otp_supervisor).
-behaviour(supervisor).
-export([main/0, init/1, start_worker/1, worker_init/2]).

main() ->
    process_flag(trap_exit, true),
    one_for_one(),
    one_for_all(),
    rest_for_one(),
    simple_one_for_one(),
    intensity(),
    ok.

%% A worker registers under its name and reports its start to `observer`.
start_worker(Name) ->
    proc_lib:start_link(?MODULE, worker_init, [self(), Name]).

worker_init(Parent, Name) ->
    register(Name, self()),
    proc_lib:init_ack(Parent, {ok, self()}),
    worker_loop(Name).

worker_loop(Name) ->
    receive
        crash -> exit({crashed, Name});
        {ping, From} -> From ! {pong, Name}, worker_loop(Name);
        {'EXIT', _, shutdown} -> exit(shutdown);
        _ -> worker_loop(Name)
    end.

child(Name) ->
    #{id => Name, start => {?MODULE, start_worker, [Name]}}.

init({Strategy, Intensity, Period, Names}) ->
    {ok, {#{strategy => Strategy, intensity => Intensity, period => Period},
          [child(N) || N <- Names]}};
init(simple) ->
    {ok, {#{strategy => simple_one_for_one, intensity => 5, period => 10},
          [#{id => worker, start => {?MODULE, start_worker, []},
             restart => temporary, shutdown => brutal_kill}]}}.

%% Waits until `Name` is registered by a process other than `Old`.
await_restart(Name, Old) ->
    case whereis(Name) of
        New when is_pid(New), New =/= Old -> New;
        _ -> timer:sleep(5), await_restart(Name, Old)
    end.

ids(Sup) ->
    lists:sort([Id || {Id, _, _, _} <- supervisor:which_children(Sup)]).

one_for_one() ->
    {ok, Sup} = supervisor:start_link(?MODULE, {one_for_one, 3, 10, [a, b]}),
    A = whereis(a), B = whereis(b),
    a ! crash,
    A2 = await_restart(a, A),
    io:format("one_for_one: a restarted ~p, b kept ~p~n",
              [A2 =/= A, whereis(b) =:= B]),
    io:format("children: ~p~n", [ids(Sup)]),
    io:format("count: ~p~n", [supervisor:count_children(Sup)]),
    io:format("terminate b: ~p~n", [supervisor:terminate_child(Sup, b)]),
    io:format("b gone: ~p~n", [whereis(b)]),
    io:format("restart b: ~p~n", [element(1, supervisor:restart_child(Sup, b))]),
    io:format("terminate again: ~p~n", [supervisor:terminate_child(Sup, b)]),
    io:format("delete b: ~p~n", [supervisor:delete_child(Sup, b)]),
    io:format("delete unknown: ~p~n", [supervisor:delete_child(Sup, b)]),
    io:format("children: ~p~n", [ids(Sup)]),
    {ok, _} = supervisor:start_child(Sup, child(c)),
    io:format("start_child dup: ~p~n",
              [element(1, element(2, supervisor:start_child(Sup, child(c))))]),
    io:format("children: ~p~n", [ids(Sup)]),
    io:format("get_childspec: ~p~n",
              [maps:get(restart, element(2, supervisor:get_childspec(Sup, c)))]),
    stop(Sup).

one_for_all() ->
    {ok, Sup} = supervisor:start_link(?MODULE, {one_for_all, 3, 10, [x, y, z]}),
    X = whereis(x), Y = whereis(y), Z = whereis(z),
    y ! crash,
    X2 = await_restart(x, X), Y2 = await_restart(y, Y), Z2 = await_restart(z, Z),
    io:format("one_for_all: all restarted ~p~n",
              [lists:all(fun({New, Old}) -> New =/= Old end,
                         [{X2, X}, {Y2, Y}, {Z2, Z}])]),
    stop(Sup).

rest_for_one() ->
    {ok, Sup} = supervisor:start_link(?MODULE, {rest_for_one, 3, 10, [p, q, r]}),
    P = whereis(p), Q = whereis(q), R = whereis(r),
    q ! crash,
    Q2 = await_restart(q, Q), R2 = await_restart(r, R),
    io:format("rest_for_one: p kept ~p, q and r restarted ~p~n",
              [whereis(p) =:= P, Q2 =/= Q andalso R2 =/= R]),
    stop(Sup).

simple_one_for_one() ->
    {ok, Sup} = supervisor:start_link({local, pool}, ?MODULE, simple),
    {ok, W1} = supervisor:start_child(pool, [w1]),
    {ok, W2} = supervisor:start_child(pool, [w2]),
    {ok, _} = supervisor:start_child(pool, [w3]),
    io:format("simple children: ~p~n", [length(supervisor:which_children(pool))]),
    io:format("simple count: ~p~n", [supervisor:count_children(pool)]),
    io:format("terminate w1: ~p~n", [supervisor:terminate_child(pool, W1)]),
    io:format("terminate w1 again: ~p~n", [supervisor:terminate_child(pool, W1)]),
    W2 ! crash,
    wait_dead(W2),
    timer:sleep(20),
    io:format("after temporary crash: ~p~n", [length(supervisor:which_children(pool))]),
    io:format("bad start: ~p~n", [element(1, catch supervisor:start_child(pool, [1, 2]))]),
    stop(Sup).

wait_dead(Pid) ->
    case is_process_alive(Pid) of
        true -> timer:sleep(5), wait_dead(Pid);
        false -> ok
    end.

intensity() ->
    {ok, Sup} = supervisor:start_link(?MODULE, {one_for_one, 2, 60, [m]}),
    crash_until_gone(Sup, whereis(m)),
    receive
        {'EXIT', Sup, Reason} -> io:format("supervisor exit: ~p~n", [Reason])
    after 2000 -> io:format("supervisor still running~n")
    end.

crash_until_gone(Sup, Old) ->
    Old ! crash,
    case is_process_alive(Sup) of
        false -> ok;
        true ->
            timer:sleep(10),
            case whereis(m) of
                New when is_pid(New), New =/= Old -> crash_until_gone(Sup, New);
                _ -> crash_until_gone(Sup, Old)
            end
    end.

stop(Sup) ->
    unlink(Sup),
    Ref = monitor(process, Sup),
    exit(Sup, shutdown),
    receive {'DOWN', Ref, process, Sup, Reason} ->
        io:format("supervisor stopped: ~p~n", [Reason])
    end.
