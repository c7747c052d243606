-module(maps_order).
-export([main/0]).

%% Print and iteration order of small maps (at most 32 keys) whose keys mix
%% types. Such maps keep their keys sorted in term order, except that every
%% integer key sorts before every float key.

main() ->
    Mixed = #{"list" => 1, <<"bin">> => 2, atom => 3, 42 => 4, 1.5 => 5,
              {tuple} => 6, [] => 7, -7 => 8, #{} => 9, 'Z' => 10,
              {a, b} => 11, 1 bsl 80 => 12, 3.0 => 13, 3 => 14},
    io:format("~p~n", [Mixed]),
    io:format("~w~n", [Mixed]),
    io:format("~p~n", [maps:keys(Mixed)]),
    io:format("~p~n", [maps:values(Mixed)]),
    io:format("~p~n", [maps:to_list(Mixed)]),
    io:format("~p~n", [maps:fold(fun(K, _, Acc) -> [K | Acc] end, [], Mixed)]),
    Ints = maps:from_list([{X, X * X} || X <- lists:seq(32, 1, -1)]),
    io:format("~p~n", [map_size(Ints)]),
    io:format("~p~n", [maps:keys(Ints)]),
    io:format("~w~n", [Ints]),
    Atoms = maps:from_list([{list_to_atom([C]), C} || C <- "zyxwvutsrqponmlkjihgfedcba"]),
    io:format("~p~n", [Atoms]),
    Grown = lists:foldl(fun(K, Acc) -> Acc#{K => true} end, #{},
                        [c, 3, "s", <<"b">>, 2.0, {t}, a, 1, b, 2]),
    io:format("~p~n", [Grown]),
    Shrunk = maps:without([3, a], Grown),
    io:format("~p~n", [Shrunk]),
    io:format("~p~n", [maps:merge(#{b => 1, 1 => x}, #{a => 2, 0 => y})]),
    io:format("~p~n", [#{z => 1, a => 2, m => 3}]),
    io:format("~p~n", [maps:from_list([{1, a}, {1.0, b}, {0.5, c}, {2, d}])]),
    io:format("~p~n", [#{{1, 2} => a, {1} => b, {0, 0, 0} => c}]),
    io:format("~p~n", [#{<<2>> => a, <<1, 2>> => b, <<1>> => c}]),
    ok.
