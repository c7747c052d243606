%% Escapes through inheritance: layers that a child would not get, spawns
%% that `spawn => false` should stop, and grandchildren. Layers with
%% inherit => true pass to every child. A layer with inherit => false must
%% have spawn => false, because its children would run with fewer
%% restrictions than their parent. Deny mode defaults to spawn => true, so
%% #{mode => deny, inherit => false} is invalid as well.
-module(inheritance).
-export([main/0, unrestricted/0, idle/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

%% The initial function of children spawned with an MFA.
idle() -> ok.

-define(ALLOW, #{mode => allow, mfas => [{?MODULE, '_', '_'}]}).
-define(DENY, #{mode => deny, mfas => [{canary, '_', '_'}]}).
-define(DENY_NO_SPAWN, #{mode => deny, mfas => [{canary, '_', '_'}], spawn => false}).

run(Mode) ->
    Ctx = start_run(Mode),
    invalid_layers(Ctx),
    spawn_forbidden(Ctx),
    descendants(Ctx),
    finish_run().

invalid_layers(Ctx) ->
    attempt(Ctx, inherit_false_spawn_true, [#{inherit => false, spawn => true}],
            fun(_) -> started end),
    attempt(Ctx, deny_mode_inherit_false, [#{mode => deny, inherit => false}],
            fun(_) -> started end),
    attempt(Ctx, inherit_false_spawn_true_second_layer,
            [?DENY, #{mode => deny, mfas => [], inherit => false, spawn => true}],
            fun(_) -> started end),
    attempt(Ctx, inherit_false_spawn_true_by_flag, [?DENY], fun(C) ->
        restrict(C, #{mode => deny, mfas => [], inherit => false, spawn => true})
    end),
    attempt(Ctx, deny_mode_inherit_false_by_flag, [?DENY], fun(C) ->
        restrict(C, #{mode => deny, mfas => [], inherit => false})
    end).

spawn_forbidden(Ctx) ->
    attempt(Ctx, allow_mode_inherit_false_spawns,
            [?ALLOW#{inherit => false}], fun(#{main := Main}) ->
        spawn(fun() -> canary:fire(Main) end),
        spawned
    end),
    %% Listing the spawn BIF does not lift spawn => false.
    attempt(Ctx, spawn_listed_but_spawn_false,
            [#{mode => allow, inherit => false,
               mfas => [{?MODULE, '_', '_'}, {erlang, spawn, 1}]}], fun(#{main := Main}) ->
        spawn(fun() -> canary:fire(Main) end),
        spawned
    end),
    %% Each spawn BIF is reported as the form called, and before its
    %% initial call is looked at.
    attempt(Ctx, every_spawn_form, [?DENY_NO_SPAWN], fun(#{main := Main}) ->
        Fire = fun() -> canary:fire(Main) end,
        [try_call(fun() -> spawn(Fire) end),
         try_call(fun() -> spawn(canary, fire, [Main]) end),
         try_call(fun() -> spawn_link(Fire) end),
         try_call(fun() -> spawn_link(?MODULE, idle, []) end),
         try_call(fun() -> spawn_monitor(Fire) end),
         try_call(fun() -> spawn_monitor(?MODULE, idle, []) end),
         try_call(fun() -> spawn_opt(Fire, []) end),
         try_call(fun() -> spawn_opt(?MODULE, idle, [], []) end)]
    end),
    attempt(Ctx, spawn_false_added_by_flag, [?DENY], fun(#{main := Main} = C) ->
        restrict(C, #{mode => deny, mfas => [], spawn => false}),
        spawn(fun() -> canary:fire(Main) end),
        spawned
    end),
    attempt(Ctx, spawn_false_through_apply, [?DENY_NO_SPAWN], fun(#{main := Main}) ->
        erlang:apply(opaque(erlang), opaque(spawn), [fun() -> canary:fire(Main) end]),
        spawned
    end),
    %% A log layer lets the spawn through, so the child starts without that
    %% layer but with the inherited one, which still denies the canary.
    attempt(Ctx, logged_spawn_keeps_inherited_layer,
            [?DENY, #{mode => deny, mfas => [], spawn => false, inherit => false,
                      on_violation => log}], fun(#{main := Main}) ->
        Parent = self(),
        {Pid, Ref} = spawn_monitor(fun() ->
            Fired = try_call(fun() -> canary:fire(Main) end),
            {policy, Layers} = process_info(self(), policy),
            Parent ! {grandchild, self(), {Fired, length(Layers)}}
        end),
        await_grandchild(Pid, Ref)
    end).

descendants(Ctx) ->
    attempt(Ctx, grandchild_fires, [?DENY], fun(#{main := Main}) ->
        Parent = self(),
        {Pid, Ref} = spawn_monitor(fun() ->
            Parent ! {grandchild, self(), try_call(fun() -> canary:fire(Main) end)}
        end),
        await_grandchild(Pid, Ref)
    end),
    attempt(Ctx, great_grandchild_fires, [?DENY], fun(#{main := Main}) ->
        Parent = self(),
        {Pid, Ref} = spawn_monitor(fun() ->
            Middle = self(),
            {Pid2, Ref2} = spawn_monitor(fun() ->
                Middle ! {grandchild, self(), try_call(fun() -> canary:fire(Main) end)}
            end),
            Parent ! {grandchild, self(), await_grandchild(Pid2, Ref2)}
        end),
        await_grandchild(Pid, Ref)
    end),
    %% The grandchild has the child's layer and the one given at spawn,
    %% with every key filled in.
    attempt(Ctx, grandchild_layers, [?DENY], fun(C) ->
        Parent = self(),
        {Pid, Ref} = spawn_opt(fun() ->
            {policy, Layers} = process_info(self(), policy),
            Parent ! {grandchild, self(), Layers}
        end, spawn_options(C, [#{mode => allow, mfas => [{?MODULE, '_', '_'}, {erlang, '_', '_'}],
                                 names => [escape_main], on_violation => log}], [monitor])),
        await_grandchild(Pid, Ref)
    end),
    %% A grandchild given spawn => false cannot lift it by giving a layer
    %% with spawn => true to a child of its own.
    attempt(Ctx, grandchild_spawn_false_not_lifted, [?DENY], fun(#{main := Main} = C) ->
        Parent = self(),
        Fire = fun() -> canary:fire(Main) end,
        Looser = #{mode => deny, mfas => [], spawn => true},
        {Pid, Ref} = spawn_opt(fun() ->
            Spawn = fun() -> spawn_opt(Fire, spawn_options(C, [Looser], [])) end,
            Parent ! {grandchild, self(), try_call(Spawn)}
        end, spawn_options(C, [#{mode => deny, mfas => [], spawn => false}], [monitor])),
        await_grandchild(Pid, Ref)
    end).
