-module(error_reasons).
-export([main/0, id/1, two/2]).

%% The exact error reason of each kind of runtime failure.

-record(rec, {a, b}).

id(X) -> X.

two(a, b) -> ok.

run(Label, F) ->
    R = try F() of
            V -> {no_error, V}
        catch
            C:E -> {C, E}
        end,
    io:format("~-24s ~p~n", [Label, R]).

main() ->
    run("badmatch", fun() -> {a, _} = ?MODULE:id({b, c}) end),
    run("badmatch list", fun() -> [_] = ?MODULE:id([1, 2]) end),
    run("function_clause", fun() -> ?MODULE:two(?MODULE:id(x), y) end),
    run("case_clause", fun() -> case ?MODULE:id(3) of 1 -> a; 2 -> b end end),
    run("if_clause", fun() -> X = ?MODULE:id(3), if X < 0 -> neg; X > 5 -> big end end),
    run("try_clause", fun() -> try ?MODULE:id(7) of 1 -> one after ok end end),
    run("badarg atom_to_list", fun() -> atom_to_list(?MODULE:id("str")) end),
    run("badarg length", fun() -> length(?MODULE:id(atom)) end),
    run("badarg list_to_atom", fun() -> list_to_atom(?MODULE:id([-1])) end),
    run("badarg integer_to_list", fun() -> integer_to_list(?MODULE:id(1.0)) end),
    run("badarg binary_to_term", fun() -> binary_to_term(?MODULE:id(<<1, 2>>)) end),
    run("badarg send", fun() -> ?MODULE:id(not_a_pid) ! hello end),
    run("badarg element", fun() -> element(?MODULE:id(9), {a}) end),
    run("undef module", fun() -> (?MODULE:id(no_such_module)):f() end),
    run("undef function", fun() -> ?MODULE:no_such_function(?MODULE:id(1)) end),
    run("undef arity", fun() -> ?MODULE:two(?MODULE:id(1)) end),
    run("badmatch map", fun() -> #{k := V} = ?MODULE:id(#{}), V end),
    run("badkey get", fun() -> map_get(k, ?MODULE:id(#{})) end),
    run("badkey update", fun() -> (?MODULE:id(#{a => 1}))#{k := 2} end),
    run("badmap", fun() -> map_get(k, ?MODULE:id(list)) end),
    run("badrecord", fun() -> (?MODULE:id({other, 1}))#rec.a end),
    run("badrecord update", fun() -> (?MODULE:id(#{}))#rec{a = 1} end),
    run("badarith", fun() -> ?MODULE:id(1) + ?MODULE:id(atom) end),
    run("badfun", fun() -> (?MODULE:id(1))() end),
    run("badarity", fun() -> R = (?MODULE:id(fun() -> ok end))(1), R end),
    run("nocatch", fun() -> catch_and_show(fun() -> throw(x) end) end),
    run("throw", fun() -> throw({my, term}) end),
    run("exit", fun() -> exit({shutdown, reason}) end),
    run("error tuple", fun() -> error({reason, 1}) end),
    run("system_limit", fun() -> list_to_atom(lists:duplicate(300, $a)) end),
    run("no_error", fun() -> fine end),
    run("bad generator", fun() -> [X || X <- ?MODULE:id(not_a_list)] end),
    run("bad bin generator", fun() -> << <<X>> || <<X>> <= ?MODULE:id(not_bin) >> end),
    run("bad bool", fun() -> ?MODULE:id(1) andalso true end),
    run("bad not", fun() -> not ?MODULE:id(1) end),
    run("bad and", fun() -> ?MODULE:id(true) and ?MODULE:id(1) end),
    run("hd", fun() -> hd(?MODULE:id(x)) end),
    run("list_to_integer", fun() -> list_to_integer(?MODULE:id("")) end),
    run("float_to_list", fun() -> float_to_list(?MODULE:id(1)) end),
    run("setelement", fun() -> setelement(0, ?MODULE:id({}), x) end),
    run("tuple_size", fun() -> tuple_size(?MODULE:id("no")) end),
    run("erlang:error/2", fun() -> erlang:error(custom, [arg]) end),
    ok.

catch_and_show(F) -> F().
