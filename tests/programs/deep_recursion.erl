-module(deep_recursion).
-export([main/0]).

%% Non-tail recursion one million calls deep, which needs a stack that grows
%% well past its initial size and garbage collections during the descent.

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

sum(0) -> 0;
sum(N) -> N + sum(N - 1).

my_map(_, []) -> [];
my_map(F, [H | T]) -> [F(H) | my_map(F, T)].

build(0) -> [];
build(N) -> [{N} | build(N - 1)].

depth(0) -> {leaf};
depth(N) -> {node, depth(N - 1)}.

unwrap({leaf}) -> 0;
unwrap({node, T}) -> 1 + unwrap(T).

append([], L) -> L;
append([H | T], L) -> [H | append(T, L)].

main() ->
    N = 1000000,
    L = lists:seq(1, N),
    io:format("len: ~p~n", [len(L)]),
    io:format("sum: ~p~n", [sum(N)]),
    Doubled = my_map(fun(X) -> X * 2 end, L),
    io:format("map: ~p ~p~n", [hd(Doubled), lists:last(Doubled)]),
    Built = build(N),
    io:format("build: ~p ~p~n", [hd(Built), lists:last(Built)]),
    io:format("nested depth: ~p~n", [unwrap(depth(N))]),
    io:format("append: ~p~n", [length(append(L, [end_marker]))]),
    io:format("foldr: ~p~n", [lists:foldr(fun(X, Acc) -> X + Acc end, 0, L)]),
    io:format("bignum sum: ~p~n", [sum_big(200000)]),
    Deep = catch_deep(100000),
    io:format("throw from depth: ~p~n", [Deep]),
    ok.

sum_big(0) -> 1 bsl 64;
sum_big(N) -> N + sum_big(N - 1).

catch_deep(N) ->
    try dive(N) catch throw:{bottom, D} -> D end.

dive(0) -> throw({bottom, reached});
dive(N) -> 1 + dive(N - 1).
