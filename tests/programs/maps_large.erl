-module(maps_large).
-export([main/0]).

%% Maps with more than 32 keys, which OTP stores as hash array mapped tries:
%% their print and iteration order follows key hashes, not term order.
%% Sorted views are printed as well, so a failure here can be told apart
%% from a wrong value.

main() ->
    Big = maps:from_list([{X, X * 2} || X <- lists:seq(1, 40)]),
    io:format("~p~n", [map_size(Big)]),
    io:format("~w~n", [maps:keys(Big)]),
    io:format("~w~n", [lists:sort(maps:keys(Big))]),
    io:format("~p~n", [Big]),
    io:format("~p~n", [maps:get(37, Big)]),
    io:format("~p~n", [maps:fold(fun(_, V, Acc) -> V + Acc end, 0, Big)]),
    %% Atom keys hash by their index in the atom table, which depends on
    %% the order atoms were created, so only a sorted view is stable.
    Atoms = maps:from_list([{list_to_atom("key" ++ integer_to_list(X)), X}
                            || X <- lists:seq(1, 50)]),
    io:format("~w~n", [lists:sort(maps:keys(Atoms))]),
    io:format("~p~n", [lists:sort(maps:to_list(Atoms))]),
    Mixed = maps:from_list([{X, a} || X <- lists:seq(1, 20)] ++
                           [{integer_to_binary(X), b} || X <- lists:seq(1, 20)] ++
                           [{{X}, c} || X <- lists:seq(1, 5)]),
    io:format("~w~n", [maps:keys(Mixed)]),
    Small = maps:filter(fun(K, _) -> is_integer(K) andalso K =< 10 end, Big),
    io:format("~p~n", [Small]),
    io:format("~w~n", [maps:to_list(maps:remove(1, Big))]),
    Grown = lists:foldl(fun(X, Acc) -> Acc#{X => X} end, #{}, lists:seq(100, 1, -1)),
    io:format("~w~n", [maps:keys(Grown)]),
    Shrunk = maps:without(lists:seq(1, 80), Grown),
    io:format("~p ~w~n", [map_size(Shrunk), maps:keys(Shrunk)]),
    io:format("~p~n", [Big =:= maps:from_list(lists:reverse(maps:to_list(Big)))]),
    io:format("~p~n", [erlang:phash2(Big)]),
    io:format("~w~n", [term_to_binary(maps:from_list([{X, X} || X <- lists:seq(1, 33)]))]),
    io:format("~p~n", [lists:sort([Big, Small, #{}])
                       =:= [#{}, Small, Big]]),
    ok.
