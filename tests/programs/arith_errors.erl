-module(arith_errors).
-export([main/0, id/1]).

%% Arithmetic exceptions caught with try: badarith and the reasons of
%% conversion BIFs.

id(X) -> X.

try_it(Name, F) ->
    R = try F() of
            V -> {ok, V}
        catch
            C:E -> {C, E}
        end,
    io:format("~s: ~p~n", [Name, R]).

main() ->
    A = ?MODULE:id(a),
    Z = ?MODULE:id(0),
    ZF = ?MODULE:id(0.0),
    try_it("int div zero", fun() -> 1 div Z end),
    try_it("int rem zero", fun() -> 1 rem Z end),
    try_it("float div zero", fun() -> 1 / Z end),
    try_it("float div zero.0", fun() -> 1.0 / ZF end),
    try_it("atom plus", fun() -> A + 1 end),
    try_it("atom times", fun() -> 2 * A end),
    try_it("unary minus", fun() -> -A end),
    try_it("div float", fun() -> ?MODULE:id(1.5) div 1 end),
    try_it("rem float", fun() -> 5 rem ?MODULE:id(2.0) end),
    try_it("band float", fun() -> ?MODULE:id(1.0) band 1 end),
    try_it("bsl atom", fun() -> 1 bsl A end),
    try_it("bnot list", fun() -> bnot ?MODULE:id([1]) end),
    try_it("bignum div zero", fun() -> (1 bsl 100) div Z end),
    try_it("float overflow", fun() -> ?MODULE:id(1.0e308) * 10 end),
    try_it("float of huge int", fun() -> float(?MODULE:id(1) bsl 2000) end),
    try_it("huge bsl", fun() -> ?MODULE:id(1) bsl 100 end),
    try_it("list_to_integer", fun() -> list_to_integer(?MODULE:id("12x")) end),
    try_it("list_to_float", fun() -> list_to_float(?MODULE:id("1")) end),
    try_it("abs atom", fun() -> abs(A) end),
    try_it("trunc atom", fun() -> trunc(A) end),
    try_it("float atom", fun() -> float(A) end),
    try_it("round ok", fun() -> round(?MODULE:id(2.5)) end),
    try_it("math sqrt neg", fun() -> math:sqrt(?MODULE:id(-1)) end),
    try_it("math log zero", fun() -> math:log(Z) end),
    try_it("math pow", fun() -> math:pow(2, 10) end),
    ok.
