-module(raise_stack).
-export([main/0, id/1, crash/1, level1/1]).

%% erlang:raise/3 and the shape of stack traces. Only the class, the reason
%% and the first stack frame's module, function and arity or arguments are
%% printed, since later frames and locations vary with compiler details.

id(X) -> X.

crash(X) -> error({crashed, X}).

level1(X) -> level2(X) + 1.
level2(X) -> level3(X) + 1.
level3(X) -> erlang:error(deep, [X]).

top(F) ->
    try F()
    catch
        Class:Reason:Stack ->
            [Frame | _] = Stack,
            {Class, Reason, frame(Frame), is_list(Stack), length(Stack) >= 1}
    end.

frame({M, F, ArityOrArgs, Loc}) when is_list(Loc) -> {M, F, ArityOrArgs};
frame(Other) -> {unexpected, Other}.

main() ->
    io:format("~p~n", [top(fun() -> crash(1) end)]),
    io:format("~p~n", [top(fun() -> ?MODULE:crash(2) end)]),
    io:format("~p~n", [top(fun() -> level1(5) end)]),
    io:format("~p~n", [top(fun() -> atom_to_list(?MODULE:id(123)) end)]),
    io:format("~p~n", [top(fun() -> lists:nth(?MODULE:id(0), []) end)]),
    io:format("~p~n", [top(fun() -> throw(t) end)]),
    io:format("~p~n", [top(fun() -> exit(e) end)]),
    io:format("~p~n", [top(fun() -> erlang:raise(throw, raised, [{mod, fn, 1, []}]) end)]),
    io:format("~p~n", [top(fun() -> erlang:raise(error, raised, [{mod, fn, [a], []}]) end)]),
    io:format("~p~n", [top(fun() -> erlang:raise(exit, raised, [{mod, fn, 2, [{line, 9}]}]) end)]),
    io:format("~p~n", [erlang:raise(bad_class, reason, [])]),
    io:format("~p~n", [top(fun() -> erlang:raise(error, r, not_a_stack) end)]),
    io:format("~p~n", [top(fun() -> ?MODULE:no_such(1, 2) end)]),
    io:format("~p~n", [top(fun() -> (?MODULE:id(fun(a) -> ok end))(b) end) =/= x]),
    Reraised = try
                   try level1(7)
                   catch error:deep:St -> erlang:raise(error, deep_again, St)
                   end
               catch error:R:St2 -> {R, frame(hd(St2))}
               end,
    io:format("~p~n", [Reraised]),
    {Cls, Rsn, Frm, _, _} = top(fun() -> ?MODULE:id(1) / ?MODULE:id(0) end),
    io:format("~p ~p ~p~n", [Cls, Rsn, Frm]),
    St0 = try throw(x) catch throw:x:S -> S end,
    io:format("~p~n", [is_list(St0)]),
    ok.
