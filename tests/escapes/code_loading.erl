%% Escapes through loading code at run time: a new module, a new version of
%% a trusted module that the unrestricted main process also calls, and a
%% module on the code path that nothing has loaded yet. on_load.erl covers
%% on_load functions.
%%
%% Open case, resolved so that the escape stays closed: code is global, so
%% a restricted process that loads a module changes what every process runs
%% under that name, including unrestricted ones. Checking the loaded code
%% against the loader's layers would not be enough, because that code can
%% hand funs to library code that then runs them unchecked in an
%% unrestricted caller. So a restricted process may not change code. Code
%% loading and code path BIFs are violations in every layer
%% unless the action is log, even where an allowlist lists them. The rule
%% that code loaded by a restricted process is never trusted then matters
%% only for loads that log layers let through.
%%
%% The code to load is a committed .beam file, because compile:forms/2 does
%% not run under Cordon, which lacks some BIFs the compiler calls.
-module(code_loading).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(ALLOW, #{mode => allow, mfas => [{?MODULE, '_', '_'}]}).
-define(ALLOW_LOAD(MFAs),
        #{mode => allow, mfas => [{?MODULE, '_', '_'}, {code, load_binary, 3} | MFAs]}).
-define(DENY, #{mode => deny, mfas => [{canary, '_', '_'}]}).

run(Mode) ->
    Ctx = start_run(Mode),
    {victim_v2, Payload, _} = code:get_object_code(victim_v2),
    load_not_listed(Ctx, Payload),
    load_new_module(Ctx, Payload),
    replace_trusted_module(Ctx, Payload),
    preload_module_on_path(Ctx, Payload),
    other_code_changes(Ctx),
    finish_run().

%% Returns the payload with every occurrence of its module name replaced by
%% Name, which must have the same length, so no chunk size changes.
renamed(Payload, Name) ->
    binary:replace(Payload, <<"victim_v2">>, atom_to_binary(Name), [global]).

load_not_listed(Ctx, Payload) ->
    attempt(Ctx, load_binary_not_listed, [?ALLOW], fun(_) ->
        code:load_binary(victim_v2, "victim_v2.beam", gift())
    end, Payload),
    attempt(Ctx, load_module_not_listed, [?ALLOW], fun(_) ->
        erlang:load_module(victim_v2, gift())
    end, Payload),
    attempt(Ctx, load_module_listed, [?ALLOW_LOAD([{erlang, load_module, 2}])], fun(_) ->
        erlang:load_module(victim_v2, gift())
    end, Payload),
    attempt(Ctx, load_module_deny_mode, [?DENY], fun(_) ->
        erlang:load_module(victim_v2, gift())
    end, Payload),
    attempt(Ctx, load_module_by_apply, [?DENY], fun(_) ->
        apply(erlang, load_module, [victim_v2, gift()])
    end, Payload).

%% victim_nw is neither loaded nor on the code path.
load_new_module(Ctx, Payload) ->
    attempt(Ctx, load_new_module, [?ALLOW_LOAD([{victim_nw, '_', '_'}])], fun(#{main := Main}) ->
        {module, victim_nw} = code:load_binary(victim_nw, "victim_nw.beam", gift()),
        victim_nw:run(Main)
    end, renamed(Payload, victim_nw)),
    attempt(Ctx, load_new_module_deny_mode, [?DENY], fun(#{main := Main}) ->
        {module, victim_nw} = code:load_binary(victim_nw, "victim_nw.beam", gift()),
        victim_nw:run(Main)
    end, renamed(Payload, victim_nw)),
    attempt_in_main(Ctx, main_calls_new_module, fun(#{main := Main}) ->
        victim_nw:run(Main)
    end).

%% victim_v1 is trusted by the child and used by the main process.
replace_trusted_module(Ctx, Payload) ->
    Layer = (?ALLOW_LOAD([{victim_v1, '_', '_'}]))#{trusted => [victim_v1]},
    attempt(Ctx, trusted_module_before_reload, [Layer], fun(#{main := Main}) ->
        victim_v1:run(Main)
    end),
    attempt(Ctx, reload_trusted_module, [Layer], fun(#{main := Main}) ->
        {module, victim_v1} = code:load_binary(victim_v1, "victim_v1.beam", gift()),
        victim_v1:run(Main)
    end, renamed(Payload, victim_v1)),
    attempt_in_main(Ctx, main_calls_trusted_module, fun(#{main := Main}) ->
        victim_v1:run(Main)
    end).

%% victim_lz is on the code path but not loaded yet, so the child's code
%% would take its place before the main process first calls it.
preload_module_on_path(Ctx, Payload) ->
    attempt(Ctx, preload_module_on_path, [?DENY], fun(_) ->
        code:load_binary(victim_lz, "victim_lz.beam", gift())
    end, renamed(Payload, victim_lz)),
    attempt_in_main(Ctx, main_calls_module_on_path, fun(#{main := Main}) ->
        victim_lz:run(Main)
    end).

%% A directory at the front of the code path would decide the code of every
%% module loaded later.
other_code_changes(Ctx) ->
    attempt(Ctx, add_path_to_front, [?DENY], fun(_) ->
        code:add_patha("/nonexistent")
    end).
