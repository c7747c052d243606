-module(records).
-export([main/0, id/1]).

%% Records: construction, defaults, access, update, patterns, guards and
%% the badrecord error.

-record(point, {x = 0, y = 0}).
-record(person, {name, age = 0 :: integer(), email = none, tags = []}).
-record(empty, {}).

id(X) -> X.

main() ->
    P = #point{},
    P2 = #point{x = 3, y = 4},
    io:format("~p ~p~n", [P, P2]),
    io:format("~p ~p~n", [P2#point.x, P2#point.y]),
    P3 = P2#point{y = 10},
    io:format("~p~n", [P3]),
    Alice = #person{name = "Alice", age = 30},
    io:format("~p~n", [Alice]),
    io:format("~p~n", [Alice#person{email = "a@example.com", tags = [admin]}]),
    #person{name = Name, age = Age} = Alice,
    io:format("~s ~p~n", [Name, Age]),
    io:format("~p~n", [greet(Alice)]),
    io:format("~p~n", [greet(#person{name = "Kid", age = 5})]),
    io:format("~p~n", [greet(not_a_person)]),
    io:format("~p ~p~n", [record_info(fields, person), record_info(size, person)]),
    io:format("~p ~p~n", [#person.age, #point.y]),
    io:format("~p~n", [is_record(P, point)]),
    io:format("~p~n", [is_record(P, person)]),
    io:format("~p~n", [is_record(?MODULE:id({point, 1, 2}), point, 3)]),
    io:format("~p~n", [#empty{}]),
    io:format("~p~n", [element(1, P2)]),
    io:format("~p~n", [tuple_to_list(Alice)]),
    io:format("~p~n", [?MODULE:id({point, 5, 6}) =:= #point{x = 5, y = 6}]),
    People = [#person{name = N, age = A} || {N, A} <- [{"Bo", 40}, {"Al", 20}, {"Cy", 30}]],
    Sorted = lists:keysort(#person.age, People),
    io:format("~p~n", [[N || #person{name = N} <- Sorted]]),
    Older = [Pn#person{age = Pn#person.age + 1} || Pn <- People],
    io:format("~p~n", [[A || #person{age = A} <- Older]]),
    io:format("~p~n", [dist2(#point{x = 1, y = 2}, #point{x = 4, y = 6})]),
    R1 = try (?MODULE:id(not_a_record))#point.x catch error:E1 -> E1 end,
    io:format("~p~n", [R1]),
    R2 = try (?MODULE:id(#person{}))#point{x = 1} catch error:E2 -> E2 end,
    io:format("~p~n", [R2]),
    R3 = try #point{x = X} = ?MODULE:id({other, 1, 2}), X catch error:E3 -> E3 end,
    io:format("~p~n", [R3]),
    Nested = {wrapper, #point{x = #point{x = 1, y = 2}, y = 3}},
    {wrapper, #point{x = #point{y = Inner}}} = Nested,
    io:format("~p~n", [Inner]),
    ok.

greet(#person{name = N, age = A}) when A >= 18 -> {adult, N};
greet(#person{name = N}) -> {minor, N};
greet(_) -> unknown.

dist2(#point{x = X1, y = Y1}, #point{x = X2, y = Y2}) ->
    (X2 - X1) * (X2 - X1) + (Y2 - Y1) * (Y2 - Y1).
