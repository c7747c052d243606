-module(maps_mod).
-export([main/0, id/1]).

%% Functions of the maps module on small maps.

id(X) -> X.

main() ->
    M = #{apple => 3, banana => 5, cherry => 7},
    io:format("~p~n", [maps:get(apple, M)]),
    io:format("~p~n", [maps:get(durian, M, 0)]),
    io:format("~p~n", [maps:put(durian, 9, M)]),
    io:format("~p~n", [maps:put(apple, 4, M)]),
    io:format("~p ~p~n", [maps:find(banana, M), maps:find(durian, M)]),
    io:format("~p~n", [maps:keys(M)]),
    io:format("~p~n", [maps:values(M)]),
    io:format("~p~n", [maps:to_list(M)]),
    io:format("~p~n", [maps:from_list([{b, 2}, {a, 1}, {b, 3}])]),
    io:format("~p~n", [maps:merge(M, #{apple => 100, fig => 1})]),
    io:format("~p~n", [maps:merge_with(fun(_K, V1, V2) -> V1 + V2 end,
                                       M, #{apple => 100, fig => 1})]),
    io:format("~p~n", [maps:fold(fun(K, V, Acc) -> [{K, V} | Acc] end, [], M)]),
    io:format("~p~n", [maps:fold(fun(_, V, Acc) -> V + Acc end, 0, M)]),
    io:format("~p~n", [maps:map(fun(_K, V) -> V * 10 end, M)]),
    io:format("~p~n", [maps:filter(fun(_K, V) -> V > 4 end, M)]),
    io:format("~p~n", [maps:filtermap(fun(apple, _) -> false;
                                         (_, V) -> {true, V + 1}
                                      end, M)]),
    io:format("~p~n", [maps:remove(banana, M)]),
    io:format("~p~n", [maps:remove(missing, M)]),
    io:format("~p~n", [maps:with([apple, cherry, missing], M)]),
    io:format("~p~n", [maps:without([apple, missing], M)]),
    io:format("~p~n", [maps:update_with(apple, fun(V) -> V * 2 end, M)]),
    io:format("~p~n", [maps:update_with(kiwi, fun(V) -> V * 2 end, 1, M)]),
    io:format("~p~n", [maps:update(cherry, 0, M)]),
    io:format("~p~n", [maps:is_key(apple, M)]),
    io:format("~p~n", [maps:size(M)]),
    io:format("~p~n", [maps:new()]),
    io:format("~p~n", [maps:take(apple, M)]),
    io:format("~p~n", [maps:take(nope, M)]),
    io:format("~p~n", [maps:from_keys([x, y], 0)]),
    io:format("~p~n", [maps:groups_from_list(fun(X) -> X rem 3 end, lists:seq(1, 10))]),
    io:format("~p~n", [maps:intersect(#{a => 1, b => 2}, #{b => 3, c => 4})]),
    io:format("~p~n", [maps:iterator(#{}) =/= none]),
    io:format("~p~n", [iterate(maps:next(maps:iterator(M)))]),
    io:format("~p~n", [lists:sort(maps:to_list(maps:map(fun(K, V) -> {K, V} end, M)))]),
    R1 = try maps:update(missing, 1, M) catch error:E1 -> E1 end,
    io:format("~p~n", [R1]),
    R2 = try maps:get(missing, ?MODULE:id(M)) catch error:E2 -> E2 end,
    io:format("~p~n", [R2]),
    R3 = try maps:put(a, 1, not_a_map) catch error:E3 -> E3 end,
    io:format("~p~n", [R3]),
    R4 = try maps:from_list([a]) catch error:E4 -> E4 end,
    io:format("~p~n", [R4]),
    ok.

iterate(none) -> [];
iterate({K, V, I}) -> [{K, V} | iterate(maps:next(I))].
