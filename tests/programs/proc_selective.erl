-module(proc_selective).
-export([main/0]).

%% Selective receive: matching skips messages, which stay queued in arrival
%% order; after 0 polls; after N times out.

flush() ->
    receive M -> [M | flush()] after 0 -> [] end.

main() ->
    [self() ! M || M <- [{low, 1}, {high, 1}, {low, 2}, other, {high, 2}, {low, 3}]],
    H1 = receive {high, N1} -> N1 end,
    H2 = receive {high, N2} -> N2 end,
    io:format("high first: ~p ~p~n", [H1, H2]),
    io:format("rest: ~p~n", [flush()]),
    R0 = receive anything -> got after 0 -> timeout end,
    io:format("after 0 on empty: ~p~n", [R0]),
    self() ! present,
    R1 = receive present -> got after 0 -> timeout end,
    io:format("after 0 with message: ~p~n", [R1]),
    R2 = receive never -> got after 30 -> timed_out end,
    io:format("after 30: ~p~n", [R2]),
    self() ! keep_me,
    R3 = receive not_this -> got after 10 -> timed_out end,
    io:format("after 10 with other message: ~p ~p~n", [R3, flush()]),
    Parent = self(),
    Sender = spawn(fun() ->
                           receive go -> ok end,
                           [Parent ! {seq, N} || N <- lists:seq(1, 5)],
                           Parent ! done
                   end),
    Sender ! go,
    receive done -> ok end,
    io:format("in order from one sender: ~p~n", [flush()]),
    Late = spawn(fun() -> receive after 20 -> Parent ! late end end),
    R4 = receive late -> arrived after 1000 -> timed_out end,
    io:format("late message: ~p ~p~n", [R4, is_pid(Late)]),
    [self() ! {prio, P, Tag} || {P, Tag} <- [{3, c}, {1, a}, {2, b}, {1, aa}, {3, cc}]],
    io:format("by priority: ~p~n", [by_priority([1, 2, 3])]),
    Guarded = [X || X <- lists:seq(1, 6), X rem 2 =:= 0],
    [self() ! {num, X} || X <- lists:seq(1, 6)],
    Evens = [receive {num, X} when X rem 2 =:= 0 -> X end || _ <- Guarded],
    io:format("evens: ~p odds left: ~p~n", [Evens, flush()]),
    Infinity = receive after 0 -> instant end,
    io:format("~p~n", [Infinity]),
    T = ?MODULE,
    self() ! {T, tagged},
    receive {T, What} -> io:format("bound pattern: ~p~n", [What]) end,
    ok.

by_priority([]) -> [];
by_priority([P | Ps]) ->
    receive
        {prio, P, Tag} -> [Tag | by_priority([P | Ps])]
    after 0 ->
        by_priority(Ps)
    end.
