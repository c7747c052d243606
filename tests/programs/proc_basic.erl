-module(proc_basic).
-export([main/0, echo/0, sum_server/1]).

%% spawn, self, send and receive with patterns, and request/reply between
%% processes. Pids are never printed, only compared.

echo() ->
    receive
        {From, stop} -> From ! {self(), stopped};
        {From, Msg} -> From ! {self(), {echo, Msg}}, echo()
    end.

sum_server(Total) ->
    receive
        {add, N} -> sum_server(Total + N);
        {get, From} -> From ! {sum, Total}, sum_server(Total);
        stop -> ok
    end.

main() ->
    Self = self(),
    io:format("~p ~p~n", [is_pid(Self), Self =:= self()]),
    Echo = spawn(?MODULE, echo, []),
    io:format("~p ~p~n", [is_pid(Echo), Echo =/= Self]),
    Echo ! {self(), hello},
    receive {Echo, R1} -> io:format("~p~n", [R1]) end,
    Echo ! {self(), [1, 2, 3]},
    receive {Echo, R2} -> io:format("~p~n", [R2]) end,
    Echo ! {self(), #{big => lists:seq(1, 20)}},
    receive {Echo, R3} -> io:format("~p~n", [R3]) end,
    Echo ! {self(), stop},
    receive {Echo, R4} -> io:format("~p~n", [R4]) end,
    Sum = spawn(fun() -> sum_server(0) end),
    [Sum ! {add, N} || N <- lists:seq(1, 100)],
    Sum ! {get, self()},
    receive {sum, S} -> io:format("sum ~p~n", [S]) end,
    Sum ! stop,
    Parent = self(),
    Workers = [spawn(fun() -> Parent ! {self(), N * N} end) || N <- lists:seq(1, 10)],
    Squares = [receive {W, Sq} -> Sq end || W <- Workers],
    io:format("~p~n", [Squares]),
    Msg = {self(), make_ref(), <<"binary payload that is longer than sixty-four bytes, so it is refcounted">>},
    Copy = spawn(fun() -> receive {From, Ref, Bin} -> From ! {Ref, byte_size(Bin)} end end),
    Copy ! Msg,
    {_, MsgRef, _} = Msg,
    receive {MsgRef, Size} -> io:format("size ~p~n", [Size]) end,
    self() ! to_myself,
    receive to_myself -> io:format("got message sent to self~n") end,
    Res = (Self ! value_of_send),
    io:format("~p~n", [Res]),
    receive value_of_send -> ok end,
    Pid2 = spawn(fun() -> ok end),
    io:format("~p~n", [Pid2 ! ignored]),
    io:format("~p~n", [lists:sort([{b, 2}, {a, 1}])]),
    Deep = spawn(fun() -> receive {From, Term} -> From ! {reply, Term} end end),
    Big = {lists:seq(1, 1000), list_to_tuple(lists:seq(1, 100)), #{k => <<"v">>}},
    Deep ! {self(), Big},
    receive {reply, Back} -> io:format("~p~n", [Back =:= Big]) end,
    io:format("done~n").
