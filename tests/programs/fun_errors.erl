-module(fun_errors).
-export([main/0, id/1, one/1]).

%% Errors when calling funs: badfun, badarity, undef through external funs
%% and function_clause inside funs.

id(X) -> X.

one(X) -> X.

try_it(Label, F) ->
    R = try F() catch C:E -> {C, E} end,
    io:format("~s: ~p~n", [Label, R]).

main() ->
    NotFun = ?MODULE:id(not_a_fun),
    try_it("badfun atom", fun() -> NotFun(1) end),
    try_it("badfun tuple", fun() -> (?MODULE:id({a, b}))() end),
    try_it("badfun int", fun() -> (?MODULE:id(42))(1, 2) end),
    Unary = ?MODULE:id(fun(X) -> X end),
    R1 = try Unary(1, 2) catch error:{badarity, {Fun, Args}} ->
                                   {badarity, is_function(Fun), Args}
         end,
    io:format("badarity: ~p~n", [R1]),
    R2 = try (?MODULE:id(fun ?MODULE:one/1))() catch error:{badarity, {Fun2, Args2}} ->
                                                          {badarity, Fun2, Args2}
         end,
    io:format("badarity external: ~p~n", [R2]),
    try_it("undef via fun", fun() -> (?MODULE:id(fun no_such_mod:f/0))() end),
    try_it("undef function", fun() -> (?MODULE:id(fun ?MODULE:nope/2))(a, b) end),
    Clause = ?MODULE:id(fun(1) -> one; (2) -> two end),
    try_it("fun clause", fun() -> Clause(3) end),
    try_it("apply badarg", fun() -> apply(?MODULE:id(fun one/1), ?MODULE:id(not_list)) end),
    try_it("apply arity", fun() -> apply(?MODULE:id(fun one/1), [1, 2, 3]) end),
    R3 = try Clause(3) catch error:function_clause:St ->
                                 [{M, F, A, _} | _] = St,
                                 {M, is_atom(F), A}
         end,
    io:format("fun clause frame: ~p~n", [R3]),
    ok.
