%% Escapes through state that processes share outside messages: persistent
%% terms, a fun's creator pid, another process's group leader, and the I/O
%% server, which runs without a policy. Every layer here is a denylist that
%% limits registered names, so the only way to reach the unrestricted
%% spawner is a pid the child was never handed.
%%
%% Open cases, resolved so that the escapes stay closed:
%% - persistent_term:get/0, and get/1,2 of a value that holds a pid, are
%%   pid forging; persistent_term:put/2 and erase/1 are rejected in every
%%   layer, as code changes are, since every process reads them.
%% - fun_info/1,2 results that hold a pid (a local fun's creator) are pid
%%   forging.
%% - group_leader/2 on another process is rejected in every layer.
%% - The I/O server rejects scanning requests whose arguments hold a fun,
%%   which the scanner would call, and replies only to a pid.
-module(shared_state).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(DENY_NAMES, #{mode => deny, mfas => [{canary, '_', '_'}], names => []}).

run(Mode) ->
    Ctx = start_run(Mode),
    Spawner = spawn(fun spawner/0),
    persistent_term:put({?MODULE, spawner}, Spawner),
    persistent_term:put({?MODULE, hook}, fun() -> hook_unchanged end),
    by_persistent_term(Ctx),
    by_fun_info(Ctx, Spawner),
    by_group_leader(Ctx),
    by_io_server(Ctx),
    finish_run().

%% Spawns whatever {spawn, M, F, A} asks for, the dynamic-supervisor role,
%% and hands out funs it creates, which carry its pid.
spawner() ->
    receive
        {spawn, M, F, A} ->
            spawn(M, F, A),
            spawner();
        {make_fun, From} ->
            From ! {made, fun() -> made end},
            spawner()
    end.

ask(Spawner, #{main := Main}) ->
    Spawner ! {spawn, canary, fire, [Main]},
    sent.

by_persistent_term(Ctx) ->
    attempt(Ctx, persistent_term_get_0, [?DENY_NAMES], fun(C) ->
        [ask(P, C) || {{?MODULE, spawner}, P} <- persistent_term:get()]
    end),
    attempt(Ctx, persistent_term_get_1, [?DENY_NAMES], fun(C) ->
        ask(persistent_term:get({?MODULE, spawner}), C)
    end),
    attempt(Ctx, persistent_term_get_2, [?DENY_NAMES], fun(C) ->
        ask(persistent_term:get({?MODULE, spawner}, none), C)
    end),
    attempt(Ctx, persistent_term_put_hook, [?DENY_NAMES], fun(#{main := Main}) ->
        persistent_term:put({?MODULE, hook}, fun() -> canary:fire(Main) end)
    end),
    Hook = persistent_term:get({?MODULE, hook}),
    attempt_in_main(Ctx, hook_after_put, fun(_) -> Hook() end),
    attempt(Ctx, persistent_term_erase, [?DENY_NAMES], fun(_) ->
        persistent_term:erase({?MODULE, hook})
    end).

by_fun_info(Ctx, Spawner) ->
    %% A fun the spawner made carries the spawner's pid as its creator.
    Spawner ! {make_fun, self()},
    Made = receive {made, F} -> F after ?TIMEOUT -> no_fun end,
    attempt(Ctx, fun_info_pid, [?DENY_NAMES], fun(C) ->
        {pid, P} = erlang:fun_info(gift(), pid),
        ask(P, C)
    end, Made),
    attempt(Ctx, fun_info_all, [?DENY_NAMES], fun(C) ->
        {pid, P} = lists:keyfind(pid, 1, erlang:fun_info(gift())),
        ask(P, C)
    end, Made).

by_group_leader(Ctx) ->
    attempt(Ctx, group_leader_of_main, [?DENY_NAMES], fun(#{main := Main}) ->
        group_leader(self(), Main)
    end),
    attempt(Ctx, group_leader_of_self, [?DENY_NAMES], fun(#{main := Main}) ->
        group_leader(Main, self())
    end).

by_io_server(Ctx) ->
    attempt(Ctx, io_reply_to_name, [?DENY_NAMES], fun(_) ->
        group_leader() ! {io_request, escape_main, from_child, getopts},
        sent
    end),
    receive
        {io_reply, from_child, _} -> io:format("escape_main got the reply~n")
    after 300 -> ok
    end,
    attempt(Ctx, io_scanner_fun_option, [?DENY_NAMES], fun(#{main := Main}) ->
        Options = [{reserved_word_fun, fun(_) -> canary:fire(Main) end}],
        Ref = make_ref(),
        Request = {get_until, unicode, "", erl_scan, tokens, [1, Options]},
        group_leader() ! {io_request, self(), Ref, Request},
        receive {io_reply, Ref, Reply} -> Reply after ?TIMEOUT -> no_reply end
    end).
