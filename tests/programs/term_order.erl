-module(term_order).
-export([main/0, id/1]).

%% The standard term order, == versus =:=, and sorting of mixed terms.

id(X) -> X.

main() ->
    Terms = [{1, 2}, "abc", <<"abc">>, 3.0, 2, abc, [], [a], {}, #{},
             #{a => 1}, fun ?MODULE:id/1, self(), make_ref(), -1,
             1 bsl 70, -(1 bsl 70), 2.5, <<1:3>>, {a}, [1 | 2], 'ABC', nil,
             <<>>, #{1 => a, 2 => b}, {1, 1}, {1, 2, 3}],
    Sorted = lists:sort(Terms),
    io:format("~p~n", [[kind(T) || T <- Sorted]]),
    Plain = [T || T <- Sorted, is_printable(T)],
    io:format("~p~n", [Plain]),
    io:format("~p~n", [lists:sort([3, 1.0, 2, 1, 2.0, 1.5, -0.0, 0])]),
    io:format("~p~n", [lists:usort([3, 1.0, 2, 1, 2.0, 1.5, 0])]),
    io:format("~p~n", [lists:sort([{1, a}, {1.0, b}, {1, c}])]),
    io:format("~p~n", [lists:sort(["b", "a", "ab", [], "aa", [$a | $b]])]),
    io:format("~p~n", [lists:sort([<<"b">>, <<"a">>, <<"ab">>, <<>>, <<1:1>>, <<0:2>>])]),
    io:format("~p~n", [lists:sort([{b}, {a, a}, {a}, {z, z, z}, {}])]),
    io:format("~p~n", [lists:sort([#{b => 1}, #{a => 2}, #{a => 1, b => 1},
                                   #{a => 1}, #{1 => x}, #{1.0 => x}])]),
    io:format("~p~n", [lists:sort([zebra, apple, 'Zebra', '', a, aa])]),
    Cmp = [{1, 1.0}, {0, -0.0}, {1 bsl 64, float(1 bsl 64)}, {a, a}, {"a", <<"a">>},
           {[1], [1.0]}, {{1}, {1.0}}, {#{1 => 1}, #{1 => 1.0}}, {#{1 => a}, #{1.0 => a}}],
    lists:foreach(
      fun({X, Y}) ->
              io:format("~w ~w: == ~w =:= ~w /= ~w =/= ~w < ~w >= ~w~n",
                        [X, Y, X == Y, X =:= Y, X /= Y, X =/= Y, X < Y, X >= Y])
      end, Cmp),
    io:format("~w ~w ~w~n", [1 < a, a < {}, {} < #{}]),
    io:format("~w ~w ~w~n", [#{} < [], [] < "a", "a" < <<>>]),
    io:format("~w ~w~n", [{1, 2} < {2, 1}, {3} < {1, 1}]),
    io:format("~w ~w~n", [[1, 2] < [1, 2, 0], [2] > [1, 9, 9]]),
    io:format("~w ~w~n", [1 bsl 100 > 1.0e29, 1 bsl 100 < 1.0e31]),
    io:format("~w ~w~n", [max(1, 1.0), min(1, 1.0)]),
    io:format("~w ~w~n", [max(1.0, 1), min(1.0, 1)]),
    io:format("~w~n", [lists:max([a, 1, "x", {}])]),
    io:format("~w~n", [lists:min([a, 1, "x", {}])]),
    io:format("~p~n", [lists:keysort(1, [{2, a}, {1.0, b}, {1, c}, {0.5, d}])]),
    ok.

kind(T) when is_integer(T) -> integer;
kind(T) when is_float(T) -> float;
kind(T) when is_atom(T) -> atom;
kind(T) when is_reference(T) -> reference;
kind(T) when is_function(T) -> 'fun';
kind(T) when is_pid(T) -> pid;
kind(T) when is_tuple(T) -> tuple;
kind(T) when is_map(T) -> map;
kind([]) -> nil;
kind(T) when is_list(T) -> list;
kind(T) when is_binary(T) -> binary;
kind(T) when is_bitstring(T) -> bitstring.

is_printable(T) ->
    not (is_pid(T) orelse is_reference(T) orelse is_function(T)).
