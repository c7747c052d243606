-module(apply_dynamic).
-export([main/0, greet/1, greet/2, id/1]).

%% Dynamic calls: erlang:apply/2,3, Mod:Fun(Args) with variable module and
%% function, erlang:make_fun/3, function_exported and module_info.

id(X) -> X.

greet(Name) -> "Hello, " ++ Name.
greet(Greeting, Name) -> Greeting ++ ", " ++ Name.

main() ->
    io:format("~p~n", [apply(?MODULE, greet, ["apply"])]),
    io:format("~p~n", [erlang:apply(?MODULE, greet, ["Hi", "erlang:apply"])]),
    M = ?MODULE:id(lists),
    F = ?MODULE:id(reverse),
    io:format("~p~n", [M:F([1, 2, 3])]),
    io:format("~p~n", [apply(M, F, [[a, b]])]),
    Mod = ?MODULE:id(?MODULE),
    io:format("~p~n", [Mod:greet("dynamic module")]),
    Fun = ?MODULE:id(greet),
    io:format("~p~n", [?MODULE:Fun("dynamic function")]),
    io:format("~p~n", [apply(erlang, '+', [1, 2])]),
    io:format("~p~n", [apply(erlang, element, [2, {a, b}])]),
    io:format("~p~n", [apply(fun(X, Y) -> X * Y end, [6, 7])]),
    io:format("~p~n", [apply(math, sqrt, [16])]),
    MF = erlang:make_fun(?MODULE, greet, 1),
    io:format("~p ~p~n", [MF("make_fun"), erlang:fun_info(MF, type)]),
    io:format("~p~n", [erlang:function_exported(?MODULE, greet, 2)]),
    io:format("~p~n", [erlang:function_exported(?MODULE, greet, 3)]),
    io:format("~p~n", [erlang:function_exported(lists, map, 2)]),
    io:format("~p~n", [lists:sort(?MODULE:module_info(exports))]),
    io:format("~p~n", [lists:member({greet, 2}, ?MODULE:module_info(exports))]),
    io:format("~p~n", [?MODULE:module_info(module)]),
    io:format("~p~n", [erlang:module_loaded(?MODULE)]),
    Calls = [{lists, sum, [[1, 2, 3]]}, {string, uppercase, ["up"]}, {erlang, length, [[x]]},
             {maps, get, [k, #{k => v}]}, {?MODULE, greet, ["list"]}],
    io:format("~p~n", [[apply(Mo, Fn, Ar) || {Mo, Fn, Ar} <- Calls]]),
    Dispatch = #{add => {erlang, '+'}, max => {erlang, max}, cat => {lists, append}},
    io:format("~p~n", [[begin {Mo, Fn} = maps:get(Op, Dispatch), apply(Mo, Fn, Args) end
                        || {Op, Args} <- [{add, [1, 2]}, {max, [3, 9]}, {cat, [[a], [b]]}]]]),
    R1 = try apply(?MODULE:id(no_such_module), f, []) catch error:E1 -> E1 end,
    io:format("~p~n", [R1]),
    R2 = try apply(?MODULE, ?MODULE:id(no_such_fun), [1]) catch error:E2 -> E2 end,
    io:format("~p~n", [R2]),
    R3 = try apply(?MODULE:id("not atom"), f, []) catch error:E3 -> E3 end,
    io:format("~p~n", [R3]),
    R4 = try (?MODULE:id(lists)):(?MODULE:id(reverse))(1, 2, 3) catch error:E4 -> E4 end,
    io:format("~p~n", [R4]),
    {module, _} = code:ensure_loaded(lists),
    io:format("~p~n", [code:is_loaded(?MODULE) =/= false]),
    ok.
