-module(higher_order).
-export([main/0]).

%% Higher-order programming: funs returning funs, composition, partial
%% application, Church numerals, memoisation through a map and generic
%% folds over trees.

compose(Fs) -> lists:foldr(fun(F, Acc) -> fun(X) -> F(Acc(X)) end end, fun(X) -> X end, Fs).

partial(F, A) -> fun(B) -> F(A, B) end.

flip(F) -> fun(A, B) -> F(B, A) end.

church(0) -> fun(_F) -> fun(X) -> X end end;
church(N) -> fun(F) -> fun(X) -> F(((church(N - 1))(F))(X)) end end.

unchurch(C) -> (C(fun(X) -> X + 1 end))(0).

church_add(A, B) -> fun(F) -> fun(X) -> (A(F))((B(F))(X)) end end.

church_mul(A, B) -> fun(F) -> A(B(F)) end.

tree_fold(_F, Acc, leaf) -> Acc;
tree_fold(F, Acc, {node, L, V, R}) -> tree_fold(F, F(V, tree_fold(F, Acc, L)), R).

insert(V, leaf) -> {node, leaf, V, leaf};
insert(V, {node, L, X, R}) when V < X -> {node, insert(V, L), X, R};
insert(V, {node, L, X, R}) -> {node, L, X, insert(V, R)}.

memo_fib(N) -> element(1, memo_fib(N, #{})).

memo_fib(N, Memo) when N < 2 -> {N, Memo};
memo_fib(N, Memo) ->
    case Memo of
        #{N := V} -> {V, Memo};
        _ ->
            {A, M1} = memo_fib(N - 1, Memo),
            {B, M2} = memo_fib(N - 2, M1),
            V = A + B,
            {V, M2#{N => V}}
    end.

iterate(F, X, N) -> lists:reverse(iterate(F, X, N, [])).
iterate(_, _, 0, Acc) -> Acc;
iterate(F, X, N, Acc) -> iterate(F, F(X), N - 1, [X | Acc]).

main() ->
    Inc = fun(X) -> X + 1 end,
    Dbl = fun(X) -> X * 2 end,
    Sq = fun(X) -> X * X end,
    io:format("~p~n", [(compose([Inc, Dbl, Sq]))(3)]),
    io:format("~p~n", [(compose([]))(unchanged)]),
    Add = fun(A, B) -> A + B end,
    io:format("~p~n", [lists:map(partial(Add, 10), [1, 2, 3])]),
    Sub = fun(A, B) -> A - B end,
    io:format("~p ~p~n", [Sub(10, 3), (flip(Sub))(10, 3)]),
    Three = church(3),
    Four = church(4),
    io:format("church: ~p ~p ~p~n", [unchurch(Three), unchurch(church_add(Three, Four)),
                                     unchurch(church_mul(Three, Four))]),
    Tree = lists:foldl(fun insert/2, leaf, [50, 30, 70, 20, 40, 60, 80, 35]),
    io:format("in order: ~p~n", [lists:reverse(tree_fold(fun(V, Acc) -> [V | Acc] end, [], Tree))]),
    io:format("tree sum: ~p~n", [tree_fold(fun(V, Acc) -> V + Acc end, 0, Tree)]),
    io:format("memo fib 200: ~p~n", [memo_fib(200)]),
    io:format("iterate: ~p~n", [iterate(fun(X) -> X * 3 rem 17 end, 1, 16)]),
    Counters = [fun() -> N * 100 end || N <- lists:seq(1, 5)],
    io:format("~p~n", [[C() || C <- Counters]]),
    Pipeline = [fun string:trim/1, fun string:uppercase/1, fun lists:reverse/1],
    io:format("~p~n", [lists:foldl(fun(F, Acc) -> F(Acc) end, "  hello  ", Pipeline)]),
    Groups = lists:foldl(fun(W, Acc) ->
                                 K = length(W),
                                 maps:update_with(K, fun(L) -> [W | L] end, [W], Acc)
                         end, #{}, ["a", "bb", "cc", "d", "eee"]),
    io:format("~p~n", [Groups]),
    MapReduce = fun(MapF, RedF, Init, L) -> lists:foldl(RedF, Init, lists:map(MapF, L)) end,
    io:format("~p~n", [MapReduce(Sq, Add, 0, lists:seq(1, 10))]),
    Until = fun Until(P, F, X) -> case P(X) of true -> X; false -> Until(P, F, F(X)) end end,
    io:format("~p~n", [Until(fun(X) -> X > 1000 end, Dbl, 1)]),
    io:format("~p~n", [lists:map(fun({F, A}) -> F(A) end, [{Inc, 1}, {Dbl, 2}, {Sq, 3}])]),
    ok.
