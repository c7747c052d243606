-module(list_comp).
-export([main/0]).

%% List comprehensions: generators, filters, patterns and nesting.

main() ->
    io:format("~p~n", [[X * 2 || X <- [1, 2, 3]]]),
    io:format("~p~n", [[X || X <- lists:seq(1, 20), X rem 3 =:= 0, X rem 2 =:= 0]]),
    io:format("~p~n", [[{X, Y} || X <- [1, 2, 3], Y <- [a, b]]]),
    io:format("~p~n", [[{X, Y} || X <- [1, 2, 3], Y <- lists:seq(X, 3)]]),
    io:format("~p~n", [[X || {ok, X} <- [{ok, 1}, error, {ok, 2}, {error, 3}]]]),
    io:format("~p~n", [[X || X <- [1, a, "s", 2.0, b], is_atom(X)]]),
    io:format("~p~n", [[[Y || Y <- lists:seq(1, X)] || X <- lists:seq(1, 4)]]),
    Triples = [{A, B, C} || C <- lists:seq(1, 30), B <- lists:seq(1, C),
                            A <- lists:seq(1, B), A * A + B * B =:= C * C],
    io:format("~p~n", [Triples]),
    io:format("~p~n", [qsort([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])]),
    io:format("~p~n", [perms([a, b, c])]),
    io:format("~p~n", [[X || X <- [], X > 1]]),
    io:format("~p~n", [[true || _ <- [1, 2, 3]]]),
    io:format("~p~n", [[X || X <- "hello world", X =/= $o]]),
    io:format("~p~n", [[C - 32 || C <- "shout", C >= $a, C =< $z]]),
    Y = 10,
    io:format("~p~n", [[X + Y || X <- [1, 2]]]),
    io:format("~p~n", [[X || X <- [1, 2, 3], begin Z = X * X, Z > 3 end]]),
    io:format("~p~n", [[{K, V} || {K, V} <- maps:to_list(#{a => 1}), V > 0]]),
    io:format("~p~n", [[X || <<X>> <= <<1, 2, 3>>]]),
    io:format("~p~n", [[X || X <- [1, 2, 3], X > 1, X < 3]]),
    io:format("~p~n", [primes(60)]),
    io:format("~p~n", [length([ok || _ <- lists:seq(1, 100000)])]),
    ok.

qsort([]) -> [];
qsort([P | Rest]) ->
    qsort([X || X <- Rest, X < P]) ++ [P] ++ qsort([X || X <- Rest, X >= P]).

perms([]) -> [[]];
perms(L) -> [[H | T] || H <- L, T <- perms(L -- [H])].

primes(N) -> sieve(lists:seq(2, N)).

sieve([]) -> [];
sieve([P | Xs]) -> [P | sieve([X || X <- Xs, X rem P =/= 0])].
