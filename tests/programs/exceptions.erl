-module(exceptions).
-export([main/0, id/1]).

%% try/catch/after with each exception class, the catch expression, nested
%% handlers, rethrowing and the order in which after blocks run.

id(X) -> X.

classify(F) ->
    try F() of
        V -> {value, V}
    catch
        throw:T -> {thrown, T};
        error:E -> {error, E};
        exit:X -> {exited, X}
    end.

main() ->
    io:format("~p~n", [classify(fun() -> 42 end)]),
    io:format("~p~n", [classify(fun() -> throw(ball) end)]),
    io:format("~p~n", [classify(fun() -> error(oops) end)]),
    io:format("~p~n", [classify(fun() -> exit(gone) end)]),
    io:format("~p~n", [classify(fun() -> error({custom, [1, 2]}) end)]),
    io:format("~p~n", [classify(fun() -> erlang:error(with_args, [a, b]) end)]),
    io:format("~p~n", [classify(fun() -> exit(normal) end)]),
    io:format("~p~n", [catch 1 + 1]),
    io:format("~p~n", [catch throw(caught)]),
    {'EXIT', {Reason, _Stack}} = (catch error(in_catch)),
    io:format("~p~n", [Reason]),
    io:format("~p~n", [catch exit(exit_in_catch)]),
    {'EXIT', {badarith, _}} = (catch 1 / ?MODULE:id(0)),
    io:format("badarith in catch~n"),
    io:format("~p~n", [after_order()]),
    io:format("~p~n", [get(trace)]),
    io:format("~p~n", [nested()]),
    io:format("~p~n", [rethrow()]),
    io:format("~p~n", [try_of_clauses(1)]),
    io:format("~p~n", [try_of_clauses(2)]),
    io:format("~p~n", [try_of_clauses(3)]),
    io:format("~p~n", [catch_all(fun() -> throw(x) end)]),
    io:format("~p~n", [catch_all(fun() -> error(y) end)]),
    io:format("~p~n", [catch_all(fun() -> exit(z) end)]),
    io:format("~p~n", [after_only()]),
    io:format("~p~n", [get(after_only)]),
    io:format("~p~n", [catch_all(fun() -> deep_throw(50) end)]),
    io:format("~p~n", [guarded_catch(fun() -> throw({code, 404}) end)]),
    io:format("~p~n", [guarded_catch(fun() -> throw({code, 500}) end)]),
    io:format("~p~n", [try_in_loop(5, [])]),
    io:format("~p~n", [value_of_after()]),
    ok.

after_order() ->
    put(trace, []),
    R = try
            try
                log(body),
                throw(inner)
            after
                log(inner_after)
            end
        catch
            throw:inner -> log(handler), handled
        after
            log(outer_after)
        end,
    {R, lists:reverse(get(trace))}.

log(X) -> put(trace, [X | get(trace)]).

nested() ->
    try
        try error(first)
        catch error:first -> throw(second)
        end
    catch
        throw:second -> {caught, second}
    end.

rethrow() ->
    try
        try error(original)
        catch Class:Reason:Stack -> erlang:raise(Class, {wrapped, Reason}, Stack)
        end
    catch
        error:{wrapped, R} -> {rewrapped, R}
    end.

%% An exception raised in the of clauses, or a try_clause error, escapes
%% the handlers of its own try.
try_of_clauses(N) ->
    catch_all(fun() ->
                      try ?MODULE:id(N) of
                          1 -> one;
                          2 -> throw(from_of)
                      catch
                          throw:from_of -> caught_from_of;
                          error:{try_clause, V} -> {caught_try_clause, V}
                      end
              end).

catch_all(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.

after_only() ->
    put(after_only, not_run),
    catch (try throw(escape) after put(after_only, ran) end).

deep_throw(0) -> throw(bottom);
deep_throw(N) ->
    try deep_throw(N - 1) of
        V -> V
    after
        ok
    end.

guarded_catch(F) ->
    try F()
    catch
        throw:{code, C} when C < 500 -> {client_error, C};
        throw:{code, C} -> {server_error, C}
    end.

try_in_loop(0, Acc) -> lists:reverse(Acc);
try_in_loop(N, Acc) ->
    R = try
            case N rem 2 of
                0 -> throw(even);
                1 -> odd
            end
        catch
            throw:even -> even
        end,
    try_in_loop(N - 1, [R | Acc]).

value_of_after() ->
    try 1 after 2 end.
