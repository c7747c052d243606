%% Escapes through funs: `fun M:F/A` literals, erlang:make_fun/3, funs
%% hidden in maps, records, tuples and messages, and local funs of
%% unrestricted modules whose body calls the canary. A fun call is checked
%% as the fun's {M, F, A}: an export fun as its MFA, a local fun as the
%% function that implements it, with arity plus free variables. The calls
%% inside a local fun's body are checked as any other.
-module(fun_escapes).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-record(handler, {name, callback}).

-define(ALLOW, #{mode => allow, mfas => [{?MODULE, '_', '_'}]}).
-define(ALLOW_PLUS(MFAs), #{mode => allow, mfas => [{?MODULE, '_', '_'} | MFAs]}).
-define(DENY, #{mode => deny, mfas => [{canary, '_', '_'}]}).

run(Mode) ->
    Ctx = start_run(Mode),
    export_funs(Ctx),
    hidden_funs(Ctx),
    foreign_funs(Ctx),
    funs_through_libraries(Ctx),
    finish_run().

export_funs(Ctx) ->
    attempt(Ctx, export_fun_literal, [?ALLOW], fun(#{main := Main}) ->
        Fire = fun canary:fire/1,
        Fire(Main)
    end),
    attempt(Ctx, make_fun_not_listed, [?ALLOW], fun(#{main := Main}) ->
        Fire = erlang:make_fun(opaque(canary), opaque(fire), 1),
        Fire(Main)
    end),
    attempt(Ctx, make_fun_listed, [?ALLOW_PLUS([{erlang, make_fun, 3}])], fun(#{main := Main}) ->
        Fire = erlang:make_fun(opaque(canary), opaque(fire), 1),
        Fire(Main)
    end),
    %% `fun M:F/A` with variables compiles to a call of erlang:make_fun/3.
    attempt(Ctx, variable_export_fun_not_listed, [?ALLOW], fun(#{main := Main}) ->
        Module = opaque(canary),
        Function = opaque(fire),
        Fire = fun Module:Function/1,
        Fire(Main)
    end),
    attempt(Ctx, variable_export_fun_deny_mode, [?DENY], fun(#{main := Main}) ->
        Module = opaque(canary),
        Function = opaque(fire),
        Fire = fun Module:Function/1,
        Fire(Main)
    end),
    attempt(Ctx, export_fun_from_binary_to_term, [?DENY], fun(#{main := Main}) ->
        Fire = binary_to_term(term_to_binary(fun canary:fire/1)),
        Fire(Main)
    end).

%% The main process sends each fun to the child inside a message.
hidden_funs(Ctx) ->
    #{main := Main} = Ctx,
    attempt(Ctx, fun_in_map, [?ALLOW], fun(#{main := M}) ->
        #{callback := Fire} = gift(),
        Fire(M)
    end, #{callback => fun canary:fire/1}),
    attempt(Ctx, fun_in_record, [?ALLOW], fun(#{main := M}) ->
        Handler = gift(),
        Fire = Handler#handler.callback,
        Fire(M)
    end, #handler{name = fire, callback = fun canary:fire/1}),
    attempt(Ctx, fun_in_nested_tuple_list, [?ALLOW], fun(#{main := M}) ->
        {wrapped, [{callback, Fire}]} = gift(),
        Fire(M)
    end, {wrapped, [{callback, fun canary:fire/1}]}),
    attempt(Ctx, fun_apply_2_not_listed, [?ALLOW], fun(#{main := M}) ->
        erlang:apply(gift(), opaque([M]))
    end, fun canary:fire/1),
    %% A local fun of this module, made by the unrestricted main process:
    %% the fun call passes {?MODULE, '_', '_'}, the canary call in it does not.
    attempt(Ctx, own_local_fun_from_main, [?ALLOW], fun(_) ->
        Fire = gift(),
        Fire()
    end, fun() -> canary:fire(Main) end),
    attempt(Ctx, export_fun_of_apply_3, [?ALLOW], fun(#{main := M}) ->
        Apply = gift(),
        Apply(canary, fire, [M])
    end, fun erlang:apply/3).

%% Local funs of fun_source, an unrestricted module.
foreign_funs(Ctx) ->
    #{main := Main} = Ctx,
    Foreign = fun_source:make(Main),
    attempt(Ctx, foreign_local_fun_not_listed, [?ALLOW], fun(_) ->
        Fire = gift(),
        Fire()
    end, Foreign),
    attempt(Ctx, foreign_local_fun_module_listed,
            [?ALLOW_PLUS([{fun_source, '_', '_'}])], fun(_) ->
        Fire = gift(),
        Fire()
    end, Foreign),
    attempt(Ctx, foreign_local_fun_exact_name_listed,
            [?ALLOW_PLUS([{fun_source, '-make/1-fun-0-', 1}])], fun(_) ->
        Fire = gift(),
        Fire()
    end, Foreign),
    %% The listed arity leaves out the free variable, so the fun call fails.
    attempt(Ctx, foreign_local_fun_arity_without_free_variables,
            [?ALLOW_PLUS([{fun_source, '-make/1-fun-0-', 0}])], fun(_) ->
        Fire = gift(),
        Fire()
    end, Foreign),
    attempt(Ctx, foreign_local_fun_deny_mode, [?DENY], fun(_) ->
        Fire = gift(),
        Fire()
    end, Foreign),
    %% The child asks a third, unrestricted process for the fun.
    attempt(Ctx, foreign_fun_from_fun_server,
            [?ALLOW_PLUS([{fun_source, '_', '_'}])], fun(_) ->
        Server = gift(),
        Server ! {get_fun, self()},
        receive
            {fun_for_you, Fire} -> Fire()
        after ?TIMEOUT -> no_fun
        end
    end, fun_source:start_fun_server(Main)).

%% Funs called by library code on the child's behalf are checked too, even
%% when that library is trusted.
funs_through_libraries(Ctx) ->
    attempt(Ctx, fun_through_lists_map, [?DENY], fun(#{main := Main}) ->
        lists:map(fun canary:fire/1, [Main])
    end),
    attempt(Ctx, fun_through_trusted_lists_map,
            [#{mode => allow,
               mfas => [{?MODULE, '_', '_'}, {lists, map, 2}],
               trusted => [lists]}], fun(#{main := Main}) ->
        lists:map(fun canary:fire/1, [Main])
    end),
    attempt(Ctx, local_fun_through_lists_foreach, [?DENY], fun(#{main := Main}) ->
        lists:foreach(fun(Target) -> canary:fire(Target) end, [Main])
    end).
