%% spawn_request/1..5: the reply message, the monitor option and the
%% reply options.
-module(spawn_request).
-export([main/0, echo/1]).

echo(Parent) -> Parent ! echoed.

main() ->
    Self = self(),
    R1 = spawn_request(fun() -> Self ! from_fun end),
    receive {spawn_reply, R1, ok, P1} -> io:format("fun: ~p~n", [is_pid(P1)]) end,
    receive from_fun -> io:format("fun ran~n") end,
    R2 = spawn_request(spawn_request, echo, [Self], [monitor, {reply_tag, tagged}]),
    receive {tagged, R2, ok, P2} -> io:format("mfa: ~p~n", [is_pid(P2)]) end,
    receive echoed -> io:format("mfa ran~n") end,
    receive {'DOWN', R2, process, _, Reason} -> io:format("down: ~p~n", [Reason]) end,
    R3 = spawn_request(node(), spawn_request, echo, [Self]),
    receive {spawn_reply, R3, ok, _} -> io:format("with node~n") end,
    receive echoed -> ok end,
    R4 = spawn_request(fun() -> ok end, [{reply, no}]),
    receive {spawn_reply, R4, _, _} -> io:format("unexpected reply~n")
    after 100 -> io:format("no reply~n")
    end,
    R5 = spawn_request(fun() -> ok end, [bogus]),
    receive {spawn_reply, R5, error, Why} -> io:format("error: ~p~n", [Why]) end,
    io:format("~p~n", [is_reference(spawn_request(node(), fun() -> ok end, []))]).
