-module(lists_hof).
-export([main/0]).

%% Higher-order functions of the lists module.

main() ->
    L = lists:seq(1, 10),
    io:format("~p~n", [lists:map(fun(X) -> X * X end, L)]),
    io:format("~p~n", [lists:filter(fun(X) -> X rem 3 =:= 0 end, L)]),
    io:format("~p~n", [lists:foldl(fun(X, Acc) -> [X | Acc] end, [], L)]),
    io:format("~p~n", [lists:foldr(fun(X, Acc) -> [X | Acc] end, [], L)]),
    io:format("~p~n", [lists:foldl(fun(X, Acc) -> Acc - X end, 0, L)]),
    io:format("~p~n", [lists:foldr(fun(X, Acc) -> X - Acc end, 0, L)]),
    io:format("~p~n", [lists:dropwhile(fun(X) -> X < 4 end, L)]),
    io:format("~p~n", [lists:takewhile(fun(X) -> X < 4 end, L)]),
    io:format("~p~n", [lists:splitwith(fun(X) -> X =< 6 end, L)]),
    io:format("~p~n", [lists:partition(fun(X) -> X rem 2 =:= 0 end, L)]),
    io:format("~p ~p~n", [lists:any(fun(X) -> X > 9 end, L),
                          lists:all(fun(X) -> X > 9 end, L)]),
    io:format("~p ~p~n", [lists:any(fun(_) -> true end, []),
                          lists:all(fun(_) -> false end, [])]),
    io:format("~p~n", [lists:flatmap(fun(X) -> lists:duplicate(X, X) end, [1, 2, 3])]),
    io:format("~p~n", [lists:mapfoldl(fun(X, S) -> {X * 2, S + X} end, 0, L)]),
    io:format("~p~n", [lists:mapfoldr(fun(X, S) -> {S, S + X} end, 0, [1, 2, 3])]),
    io:format("~p~n", [lists:zipwith(fun(A, B) -> A * B end, [1, 2, 3], [4, 5, 6])]),
    io:format("~p~n", [lists:zipwith3(fun(A, B, C) -> {A, B, C} end, [1], [2], [3])]),
    io:format("~p~n", [lists:filtermap(fun(X) when X rem 2 =:= 0 -> {true, X div 2};
                                           (X) -> X > 8
                                        end, L)]),
    io:format("~p~n", [lists:sort(fun(A, B) -> A >= B end, L)]),
    io:format("~p~n", [lists:usort(fun(A, B) -> A rem 3 =< B rem 3 end, L)]),
    io:format("~p~n", [lists:search(fun(X) -> X * X > 50 end, L)]),
    io:format("~p~n", [lists:search(fun(X) -> X > 50 end, L)]),
    io:format("~p~n", [lists:foreach(fun(X) -> put(last_seen, X) end, L)]),
    io:format("~p~n", [get(last_seen)]),
    Counter = lists:foldl(
                fun(W, Acc) -> orddict:update_counter(W, 1, Acc) end,
                orddict:new(), [b, a, c, a, b, a]),
    io:format("~p~n", [Counter]),
    Compose = fun(F, G) -> fun(X) -> F(G(X)) end end,
    Inc = fun(X) -> X + 1 end,
    Dbl = fun(X) -> X * 2 end,
    io:format("~p ~p~n", [(Compose(Inc, Dbl))(5), (Compose(Dbl, Inc))(5)]),
    Pipeline = lists:foldl(Compose, fun(X) -> X end, [Inc, Dbl, Inc]),
    io:format("~p~n", [Pipeline(1)]),
    io:format("~p~n", [lists:map(fun erlang:abs/1, [-1, 2, -3])]),
    io:format("~p~n", [lists:map(fun lists:reverse/1, ["ab", "cd"])]),
    io:format("~p~n", [lists:foldl(fun erlang:max/2, 0, [3, 9, 2])]),
    ok.
