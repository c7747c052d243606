%% Harness shared by the escape tests, included in each test module.
%%
%% Every attempt runs in a child process started with the given policy
%% layers. The child runs Body(Ctx) and sends the outcome to the main process,
%% which stays unrestricted and prints one line per attempt. Funs created
%% here are local funs of the including module, so a child whose allowlist
%% contains {?MODULE, '_', '_'} may start and run them.
%%
%% The child makes no external call of its own, and it reports by a send to
%% a pid, which every policy permits. Bodies of allow-mode children must
%% keep to local calls and the calls under test.
%%
%% main/0 runs the attempts under their policies. unrestricted/0 runs the
%% same attempts without any policy, to show that they reach the canary
%% when nothing stops them. Attempts that check a rejected Spec, and the few
%% that call no canary, print other lines there.

-compile([nowarn_unused_function]).

-define(TIMEOUT, 1000).

%% Registers the main process as escape_main and returns the context that
%% every body receives. Code that cannot be handed a pid, such as an
%% on_load function, calls the canary with that name.
start_run(Mode) ->
    register(escape_main, self()),
    #{main => self(), enforced => Mode =:= enforced}.

%% Prints whether the canary sent `escaped` to the main process, waiting
%% 500 ms for escapes that happen after their attempt reported.
finish_run() ->
    case count_escapes(0) of
        0 -> io:format("canary: not fired~n");
        N -> io:format("canary: FIRED ~w times~n", [N])
    end.

count_escapes(N) ->
    receive
        escaped -> count_escapes(N + 1)
    after 500 -> N
    end.

attempt(Ctx, Name, Layers, Body) ->
    attempt(Ctx, Name, Layers, Body, none).

%% Runs Body in a child under Layers and prints its outcome. After the spawn
%% the main process sends {gift, Gift} to the child, which a body reads with
%% gift(). That message also wakes a hibernating child.
attempt(Ctx, Name, Layers, Body, Gift) ->
    report(Name, run_child(Ctx, Layers, Body, Gift)).

run_child(Ctx, Layers, Body, Gift) ->
    Parent = self(),
    Child = fun() -> Parent ! {escape_result, self(), outcome(Body, Ctx)} end,
    try spawn_opt(Child, policy_options(Ctx, Layers) ++ [monitor]) of
        {Pid, Ref} ->
            Pid ! {gift, Gift},
            await_child(Pid, Ref)
    catch
        error:Reason -> {spawn_error, Reason}
    end.

policy_options(#{enforced := true}, Layers) -> [{policy, Layer} || Layer <- Layers];
policy_options(_, _) -> [].

%% Returns spawn_opt options with a {policy, Layer} option per layer, left
%% out in an unrestricted run.
spawn_options(Ctx, Layers, Options) ->
    policy_options(Ctx, Layers) ++ Options.

await_child(Pid, Ref) ->
    receive
        {escape_result, Pid, Outcome} ->
            erlang:demonitor(Ref, [flush]),
            Outcome;
        {'DOWN', Ref, process, Pid, Reason} ->
            {down, exit_reason(Reason)}
    after ?TIMEOUT ->
        erlang:demonitor(Ref, [flush]),
        exit(Pid, kill),
        timeout
    end.

%% An uncaught error ends a process with {Reason, Stacktrace}. The stack
%% trace differs between VMs, so only Reason is kept.
exit_reason({Reason, Stack}) when is_list(Stack) -> {crashed, Reason};
exit_reason(Reason) -> Reason.

outcome(Body, Ctx) ->
    try Body(Ctx) of
        Value -> {returned, Value}
    catch
        error:{policy_violation, _} = Violation -> {denied, Violation};
        Class:Reason -> {Class, Reason}
    end.

report(Name, Outcome) ->
    io:format("~w: ~w~n", [Name, Outcome]).

%% Runs Body in the main process itself and prints its outcome.
attempt_in_main(Ctx, Name, Body) ->
    report(Name, outcome(Body, Ctx)).

gift() ->
    receive
        {gift, Gift} -> Gift
    after ?TIMEOUT -> no_gift
    end.

%% Adds a policy layer to the calling process, or does nothing in an
%% unrestricted run. Returns what process_flag/2 returns.
restrict(#{enforced := true}, Spec) -> process_flag(policy, Spec);
restrict(_, _) -> unrestricted.

%% Waits for a grandchild that a body started with a monitor. Returns the
%% outcome the grandchild sent as {grandchild, self(), Outcome}, or the reason
%% it ended without sending one.
await_grandchild(Pid, Ref) ->
    receive
        {grandchild, Pid, Outcome} ->
            receive
                {'DOWN', Ref, process, Pid, _} -> ok
            after ?TIMEOUT -> ok
            end,
            {grandchild, Outcome};
        {'DOWN', Ref, process, Pid, Reason} ->
            {grandchild_down, exit_reason(Reason)}
    after ?TIMEOUT -> grandchild_timeout
    end.

%% Returns the distinct elements of List in order of first appearance,
%% without calling lists (an allowlist child may not).
distinct(List) -> distinct(List, []).

distinct([], Seen) -> reverse(Seen, []);
distinct([X | Rest], Seen) ->
    case member(X, Seen) of
        true -> distinct(Rest, Seen);
        false -> distinct(Rest, [X | Seen])
    end.

member(_, []) -> false;
member(X, [X | _]) -> true;
member(X, [_ | Rest]) -> member(X, Rest).

reverse([], Acc) -> Acc;
reverse([X | Rest], Acc) -> reverse(Rest, [X | Acc]).

seq(From, To) when From > To -> [];
seq(From, To) -> [From | seq(From + 1, To)].

%% Runs Fun and returns its outcome in the calling process, as a value.
try_call(Fun) ->
    try Fun() of
        Value -> {returned, Value}
    catch
        error:{policy_violation, _} = Violation -> {denied, Violation};
        Class:Reason -> {Class, Reason}
    end.

%% Returns Term after a round trip through the caller's own mailbox, so the
%% compiler cannot see its value. With literal arguments, apply(M, F, Args)
%% compiles to a direct call and `fun M:F/A` to a literal, which are checked
%% by other rules than the forms under test.
opaque(Term) ->
    self() ! {opaque, Term},
    receive
        {opaque, Value} -> Value
    end.

%% Starts an unrestricted server that spawns any {M, F, A} it is sent:
%% the deputy that a restricted process must not reach unless it was handed
%% the server's pid or granted its name. It also accepts the request inside
%% the {timeout, Ref, Msg} message of erlang:start_timer/3.
start_spawner() ->
    spawn(fun spawner_loop/0).

spawner_loop() ->
    receive
        {spawn_request, {M, F, A}} -> spawn(M, F, A);
        {timeout, _, {spawn_request, {M, F, A}}} -> spawn(M, F, A);
        _ -> ok
    end,
    spawner_loop().

%% The request that makes the spawner start the canary.
spawner_request(#{main := Main}) ->
    {spawn_request, {canary, fire, [Main]}}.

%% Formats "<0.N.0>" without io_lib or integer_to_list/1, which an
%% allowlist child may not call.
pid_string(N) ->
    "<0." ++ decimal(N) ++ ".0>".

decimal(N) when N < 10 -> [$0 + N];
decimal(N) -> decimal(N div 10) ++ [$0 + N rem 10].
