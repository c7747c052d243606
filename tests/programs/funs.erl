-module(funs).
-export([main/0, double/1, add/2]).

%% Funs: local and external funs, closures over variables, funs stored in
%% data structures, recursion through funs and erlang:fun_info.

double(X) -> X * 2.
add(X, Y) -> X + Y.

make_counter(Start) ->
    fun(Inc) -> Start + Inc end.

make_adders(Ns) -> [fun(X) -> X + N end || N <- Ns].

main() ->
    Sq = fun(X) -> X * X end,
    io:format("~p~n", [Sq(7)]),
    F = fun double/1,
    G = fun ?MODULE:double/1,
    H = fun erlang:length/1,
    io:format("~p ~p ~p~n", [F(4), G(5), H([a, b, c])]),
    C10 = make_counter(10),
    C20 = make_counter(20),
    io:format("~p ~p~n", [C10(1), C20(1)]),
    io:format("~p~n", [[A(100) || A <- make_adders([1, 2, 3])]]),
    Pair = {1, 2},
    Captured = fun() -> {element(2, Pair), element(1, Pair)} end,
    io:format("~p~n", [Captured()]),
    Fact = fun Fact(0) -> 1; Fact(N) -> N * Fact(N - 1) end,
    io:format("~p~n", [Fact(20)]),
    Multi = fun(0, Acc) -> Acc;
               (N, Acc) when N > 0 -> {pos, N, Acc};
               (N, _) -> {neg, N}
            end,
    io:format("~p ~p ~p~n", [Multi(0, a), Multi(3, b), Multi(-1, c)]),
    Ops = #{add => fun add/2, sub => fun(X, Y) -> X - Y end, mul => fun erlang:'*'/2},
    io:format("~p~n", [[{K, (maps:get(K, Ops))(6, 3)} || K <- [add, sub, mul]]]),
    io:format("~p~n", [apply(F, [21])]),
    io:format("~p~n", [apply(fun(A, B, Cc) -> [A, B, Cc] end, [x, y, z])]),
    io:format("~p ~p~n", [is_function(F), is_function(F, 1)]),
    io:format("~p ~p~n", [is_function(F, 2), is_function(not_fun)]),
    io:format("~p~n", [erlang:fun_info(F, arity)]),
    io:format("~p~n", [erlang:fun_info(G, module)]),
    io:format("~p~n", [erlang:fun_info(G, name)]),
    io:format("~p~n", [erlang:fun_info(G, type)]),
    io:format("~p~n", [erlang:fun_info(Sq, type)]),
    io:format("~p~n", [erlang:fun_info(Sq, module)]),
    io:format("~p~n", [erlang:fun_info(Sq, arity)]),
    io:format("~p~n", [erlang:fun_info(C10, env)]),
    io:format("~p~n", [erlang:fun_info(Sq, env)]),
    io:format("~p~n", [erlang:fun_info(H, name)]),
    {name, SqName} = erlang:fun_info(Sq, name),
    io:format("~p~n", [is_atom(SqName)]),
    io:format("~p~n", [fun erlang:abs/1 =:= fun erlang:abs/1]),
    io:format("~p~n", [G =:= fun ?MODULE:double/1]),
    io:format("~p~n", [G]),
    io:format("~p~n", [H]),
    Curry = fun(X) -> fun(Y) -> fun(Z) -> X + Y * Z end end end,
    io:format("~p~n", [((Curry(1))(2))(3)]),
    io:format("~p~n", [lists:foldl(fun(Fn, Acc) -> Fn(Acc) end, 1,
                                   [Sq, F, C10, fun double/1])]),
    Y = fun(Gen) -> (fun(Xf) -> Gen(fun(V) -> (Xf(Xf))(V) end) end)
                        (fun(Xf) -> Gen(fun(V) -> (Xf(Xf))(V) end) end)
        end,
    FibGen = fun(Self) -> fun(0) -> 0; (1) -> 1; (N) -> Self(N - 1) + Self(N - 2) end end,
    io:format("~p~n", [(Y(FibGen))(15)]),
    ok.
