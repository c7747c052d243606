-module(guards).
-export([main/0, id/1]).

%% Type-test guards, guard BIFs, andalso/orelse, comma and semicolon guard
%% sequences, and guards that fail silently on exceptions.

id(X) -> X.

type_of(X) when is_integer(X) -> integer;
type_of(X) when is_float(X) -> float;
type_of(X) when is_atom(X), is_boolean(X) -> boolean;
type_of(X) when is_atom(X) -> atom;
type_of(X) when is_binary(X) -> binary;
type_of(X) when is_bitstring(X) -> bitstring;
type_of(X) when is_function(X, 0) -> fun0;
type_of(X) when is_function(X) -> 'fun';
type_of(X) when is_pid(X) -> pid;
type_of(X) when is_port(X) -> port;
type_of(X) when is_reference(X) -> reference;
type_of(X) when is_map(X) -> map;
type_of(X) when is_tuple(X), tuple_size(X) =:= 2 -> pair;
type_of(X) when is_tuple(X) -> tuple;
type_of([]) -> nil;
type_of(X) when is_list(X) -> list.

range(X) when X < 0 -> negative;
range(X) when X >= 0, X < 10 -> small;
range(X) when X >= 10, X < 100; X =:= 1000 -> medium_or_1000;
range(_) -> large.

safe(X) when length(X) > 2 -> long_list;
safe(X) when hd(X) =:= a -> starts_with_a;
safe(X) when X + 1 > 5 -> big_number;
safe(X) when element(1, X) =:= tag -> tagged;
safe(_) -> fallback.

logic(X, Y) when X > 0 andalso Y > 0 -> both_pos;
logic(X, Y) when X > 0 orelse Y > 0 -> one_pos;
logic(X, Y) when not (X =:= Y) -> differ;
logic(_, _) -> same_non_pos.

complex(X) when is_integer(X), X rem 2 =:= 0, X > 10; is_float(X), X > 1.0e3 -> yes;
complex(X) when (is_list(X) andalso length(X) =:= 3) orelse is_map_key(k, X) -> list3_or_map;
complex(_) -> no.

bifs(X) when abs(X) > 5, trunc(X) =/= 7, round(X) < 20, float(X) > 0.0,
             X * 2 - 1 > 0, X div 1 > 0; X =:= atom -> ok;
bifs(_) -> not_ok.

sizes(T, B, L, M) when tuple_size(T) =:= 2, byte_size(B) =:= 3, bit_size(B) =:= 24,
                       length(L) =:= 1, map_size(M) =:= 0 -> all_match;
sizes(_, _, _, _) -> mismatch.

xor_guard(A, B) when A xor B -> exactly_one;
xor_guard(_, _) -> none_or_both.

band_guard(X) when X band 1 =:= 1, X bsr 1 > 2 -> odd_above_5;
band_guard(_) -> other.

node_guard(X) when node(X) =:= node() -> local;
node_guard(_) -> remote.

main() ->
    Values = [1, 1.5, true, atom, <<1>>, <<1:3>>, fun() -> ok end, fun(A) -> A end,
              self(), make_ref(), #{}, {1, 2}, {1, 2, 3}, [], [1]],
    io:format("~p~n", [[type_of(V) || V <- Values]]),
    io:format("~p~n", [[range(X) || X <- [-5, 3, 50, 1000, 500]]]),
    io:format("~p~n", [[safe(X) || X <- [[1, 2, 3], [a], 10, {tag, 1}, "x", 1.0]]]),
    io:format("~p~n", [[logic(X, Y) || {X, Y} <- [{1, 1}, {1, -1}, {-1, -2}, {0, 0}]]]),
    io:format("~p~n", [[complex(X) || X <- [12, 11, 2.0e3, 2.0, [a, b, c], #{k => 1}, #{}, "ab"]]]),
    io:format("~p~n", [[bifs(X) || X <- [6, 7, 7.5, 25, -6, atom, other]]]),
    io:format("~p~n", [sizes({a, b}, <<"abc">>, [x], #{})]),
    io:format("~p~n", [sizes({a}, <<"abc">>, [x], #{})]),
    io:format("~p~n", [[xor_guard(A, B) || A <- [true, false], B <- [true, false]]]),
    io:format("~p~n", [[band_guard(X) || X <- [7, 9, 5, 8, 3]]]),
    io:format("~p~n", [node_guard(self())]),
    io:format("~p~n", [[is_number(X) || X <- [1, 1.0, a]]]),
    io:format("~p~n", [[is_record(X, r, 2) || X <- [{r, 1}, {r}, {q, 1}]]]),
    F = fun(X) when is_integer(X), X > 0 -> pos;
           (X) when is_integer(X) -> nonpos;
           (_) -> nan
        end,
    io:format("~p~n", [[F(X) || X <- [1, 0, a]]]),
    Y = ?MODULE:id(5),
    R = if Y > 10 -> big;
           Y > 3, Y < 7 -> mid;
           true -> small
        end,
    io:format("~p~n", [R]),
    C = case ?MODULE:id({point, 3, 4}) of
            {point, X1, Y1} when X1 * X1 + Y1 * Y1 =:= 25 -> on_circle;
            {point, _, _} -> off_circle
        end,
    io:format("~p~n", [C]),
    io:format("~p~n", [[min_max(A, B) || {A, B} <- [{1, 2}, {2, 1}, {1, 1.0}]]]),
    io:format("~p~n", [is_list(?MODULE:id([])) andalso true]),
    io:format("~p~n", [?MODULE:id(false) orelse ?MODULE:id(not_bool)]),
    ok.

min_max(A, B) when A < B -> {A, B};
min_max(A, B) when A > B -> {B, A};
min_max(A, B) when A == B -> {equal, A, B}.
