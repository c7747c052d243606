-module(maps_basic).
-export([main/0, id/1]).

%% Map literals, updates with := and =>, map patterns and map errors.

id(X) -> X.

main() ->
    M0 = #{},
    M1 = #{a => 1, b => 2},
    M2 = M1#{c => 3},
    M3 = M2#{a := 10},
    M4 = M3#{b => 20, d => 4},
    io:format("~p~n~p~n~p~n~p~n~p~n", [M0, M1, M2, M3, M4]),
    io:format("~p ~p~n", [map_size(M4), is_map(M4)]),
    #{a := A, d := D} = M4,
    io:format("~p ~p~n", [A, D]),
    io:format("~p~n", [describe(#{type => circle, r => 2})]),
    io:format("~p~n", [describe(#{type => rect, w => 2, h => 3})]),
    io:format("~p~n", [describe(#{type => unknown})]),
    io:format("~p~n", [describe(#{})]),
    K = ?MODULE:id(key),
    M5 = #{K => value, {K, 2} => tuple_key, [1, 2] => list_key, 3.0 => float_key},
    io:format("~p~n", [M5]),
    #{{key, 2} := TK} = M5,
    io:format("~p~n", [TK]),
    io:format("~p~n", [maps:get(3.0, M5)]),
    io:format("~p~n", [maps:find(3, M5)]),
    io:format("~p~n", [#{1 => a, 1.0 => b}]),
    io:format("~p~n", [map_size(#{1 => a, 1.0 => b})]),
    Nested = #{outer => #{inner => #{leaf => 1}}},
    #{outer := #{inner := #{leaf := Leaf}}} = Nested,
    io:format("~p~n", [Leaf]),
    Updated = Nested#{outer := #{inner => #{leaf => 2}}},
    io:format("~p~n", [Updated]),
    io:format("~p~n", [M1 =:= #{b => 2, a => 1}]),
    io:format("~p~n", [#{a => 1} == #{a => 1.0}]),
    io:format("~p~n", [#{?MODULE:id(a) => 1, a => 2}]),
    io:format("~p~n", [#{<<"bin">> => 1, "str" => 2, 'atom' => 3, 42 => 4}]),
    io:format("~w~n", [#{x => [1, 2], y => {z}}]),
    Errors = [fun() -> (?MODULE:id(M1))#{zz := 1} end,
              fun() -> #{zz := _} = ?MODULE:id(M1) end,
              fun() -> (?MODULE:id(not_a_map))#{a => 1} end,
              fun() -> map_size(?MODULE:id([])) end,
              fun() -> maps:get(zz, ?MODULE:id(M1)) end],
    lists:foreach(
      fun(F) ->
              R = try F() catch C:E -> {C, E} end,
              io:format("~p~n", [R])
      end, Errors),
    io:format("~p~n", [count_words(["a", "b", "a", "c", "b", "a"])]),
    io:format("~p~n", [guard_test(#{size => 5})]),
    io:format("~p~n", [guard_test(#{})]),
    ok.

describe(#{type := circle, r := R}) -> {circle_area, 3 * R * R};
describe(#{type := rect, w := W, h := H}) -> {rect_area, W * H};
describe(#{type := T}) -> {unknown_type, T};
describe(#{}) -> no_type.

count_words(Ws) ->
    lists:foldl(fun(W, Acc) ->
                        case Acc of
                            #{W := N} -> Acc#{W := N + 1};
                            _ -> Acc#{W => 1}
                        end
                end, #{}, Ws).

guard_test(M) when is_map_key(size, M), map_get(size, M) > 3 -> big;
guard_test(M) when is_map(M) -> other.
