%% Helpers shared by the call policy test programs. The main process of each
%% program stays unrestricted and does all printing. Every case runs in a
%% child process that sends its result back with Pid ! Msg, which a policy
%% always permits.

-compile({nowarn_unused_function, [{caught, 1}, {run, 2}, {await_child, 2},
                                   {await, 1}, {show, 2}, {id, 1}]}).

%% Evaluates Expr and returns its value, or {caught, Reason} when it raises
%% error:Reason. It uses catch because a variable bound in the catch clause
%% of a try cannot be bound again by a later try in the same function.
-define(TRY(Expr), caught(catch (Expr))).

caught({'EXIT', {Reason, Stack}}) when is_list(Stack) -> {caught, Reason};
caught(Value) -> Value.

%% Runs Body in a child started with one layer per element of Specs, in
%% order. Returns Body's result, {down, Reason} when the child ends without
%% sending one, or {spawn_failed, Reason} when spawn_opt raises error:Reason
%% in this process. Body is a fun of this module, so the child's policy must
%% permit both the fun made here and Body itself.
run(Specs, Body) ->
    Parent = self(),
    Options = [{policy, Spec} || Spec <- Specs] ++ [monitor],
    try spawn_opt(fun() -> Parent ! {self(), Body()} end, Options) of
        {Pid, Monitor} -> await_child(Pid, Monitor)
    catch
        error:Reason -> {spawn_failed, Reason}
    end.

await_child(Pid, Monitor) ->
    receive
        {Pid, Result} ->
            erlang:demonitor(Monitor, [flush]),
            Result;
        {'DOWN', Monitor, process, Pid, Reason} ->
            {down, Reason}
    after 1000 ->
        timeout
    end.

%% Returns the Result of the first {Tag, Result} message, or timeout.
await(Tag) ->
    receive
        {Tag, Result} -> Result
    after 1000 ->
        timeout
    end.

show(Label, Value) ->
    io:format("~s: ~p~n", [Label, Value]).

%% Returns X through a local call, so that erlc cannot fold a constant into
%% the expression that uses it. atom_to_list(id(abc)) stays a call, where
%% erlc would replace atom_to_list(abc) with "abc". apply(lists, member,
%% id(Args)) stays a call of erlang:apply/3, and id(fun lists:member/2)
%% stays a fun.
id(X) -> X.
