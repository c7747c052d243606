-module(lists_keys).
-export([main/0]).

%% Tuple-list functions of the lists module and proplists basics.

main() ->
    People = [{bob, 32, london}, {alice, 28, paris}, {carol, 45, berlin},
              {dave, 28, rome}],
    io:format("~p~n", [lists:keyfind(alice, 1, People)]),
    io:format("~p~n", [lists:keyfind(28, 2, People)]),
    io:format("~p~n", [lists:keyfind(nobody, 1, People)]),
    io:format("~p~n", [lists:keymember(rome, 3, People)]),
    io:format("~p~n", [lists:keysearch(carol, 1, People)]),
    io:format("~p~n", [lists:keysort(2, People)]),
    io:format("~p~n", [lists:keysort(3, People)]),
    io:format("~p~n", [lists:ukeysort(2, People)]),
    io:format("~p~n", [lists:keydelete(bob, 1, People)]),
    io:format("~p~n", [lists:keyreplace(dave, 1, People, {dave, 29, madrid})]),
    io:format("~p~n", [lists:keystore(eve, 1, People, {eve, 22, oslo})]),
    io:format("~p~n", [lists:keystore(bob, 1, People, {bob, 33, london})]),
    io:format("~p~n", [lists:keytake(carol, 1, People)]),
    io:format("~p~n", [lists:keytake(zed, 1, People)]),
    io:format("~p~n", [lists:keymap(fun(A) -> A + 1 end, 2, People)]),
    io:format("~p~n", [lists:keymerge(1, [{a, 1}, {c, 3}], [{b, 2}, {d, 4}])]),
    io:format("~p~n", [lists:keyfind(1, 1, [{1.0, float}, {1, int}])]),
    io:format("~p~n", [lists:keyfind(1.0, 1, [{1, int}, {1.0, float}])]),
    Props = [{color, red}, debug, {size, 3}, {color, blue}],
    io:format("~p~n", [proplists:get_value(color, Props)]),
    io:format("~p~n", [proplists:get_value(debug, Props)]),
    io:format("~p~n", [proplists:get_value(missing, Props, dflt)]),
    io:format("~p~n", [proplists:get_all_values(color, Props)]),
    io:format("~p~n", [proplists:get_bool(debug, Props)]),
    io:format("~p~n", [proplists:delete(color, Props)]),
    io:format("~p~n", [proplists:lookup(size, Props)]),
    io:format("~p~n", [lists:sort(proplists:get_keys(Props))]),
    ok.
