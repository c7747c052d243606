-module(arith_int).
-export([main/0, id/1]).

%% Small-integer arithmetic: signs of div and rem, abs, min/max, operator
%% precedence and the boundary where a small integer stops fitting a word.

id(X) -> X.

main() ->
    Pairs = [{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {0, 5}, {1, 1}, {100, 7}],
    lists:foreach(
      fun({A, B}) ->
              io:format("~w div ~w = ~w, ~w rem ~w = ~w~n",
                        [A, B, ?MODULE:id(A) div B, A, B, ?MODULE:id(A) rem B])
      end, Pairs),
    io:format("~w ~w ~w~n", [1 + 2 * 3, (1 + 2) * 3, 10 - 3 - 2]),
    io:format("~w ~w ~w~n", [abs(-5), abs(5), abs(0)]),
    io:format("~w ~w~n", [min(3, 4), max(3, 4)]),
    io:format("~w ~w~n", [-(?MODULE:id(5)), +(?MODULE:id(5))]),
    io:format("~w~n", [17 band 5]),
    io:format("~w~n", [17 bor 5]),
    io:format("~w~n", [17 bxor 5]),
    io:format("~w ~w~n", [bnot 0, bnot -1]),
    io:format("~w ~w ~w~n", [1 bsl 10, 1024 bsr 3, -16 bsr 2]),
    io:format("~w ~w~n", [-1 bsr 10, 5 bsl -1]),
    %% Values around 2^59 and 2^60, where small integers overflow on 64-bit.
    Edges = [(1 bsl 59) - 1, 1 bsl 59, (1 bsl 60) - 1, 1 bsl 60,
             -(1 bsl 59), -(1 bsl 59) - 1, -(1 bsl 60), -(1 bsl 60) - 1],
    lists:foreach(
      fun(E) ->
              io:format("~w ~w ~w ~w~n", [E, E + 1, E - 1, E * 2])
      end, Edges),
    io:format("~w~n", [lists:sum(lists:seq(1, 1000))]),
    io:format("~w~n", [?MODULE:id(576460752303423487) + 1]),
    io:format("~w~n", [?MODULE:id(-576460752303423488) - 1]),
    io:format("~w ~w~n", [is_integer(1 bsl 62), 1 bsl 62]),
    io:format("~w~n", [?MODULE:id(12345) * ?MODULE:id(6789)]),
    io:format("~w~n", [integer_to_list(?MODULE:id(-42))]),
    ok.
