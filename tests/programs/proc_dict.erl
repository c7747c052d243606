-module(proc_dict).
-export([main/0]).

%% The process dictionary: put, get, erase, get_keys, and isolation between
%% processes. get/0 returns pairs in no fixed order, so results are sorted.

main() ->
    io:format("~p~n", [put(a, 1)]),
    io:format("~p~n", [put(a, 2)]),
    io:format("~p ~p~n", [get(a), get(missing)]),
    put({tuple, key}, "value"),
    put("string key", [1, 2]),
    put(42, forty_two),
    io:format("~p~n", [lists:sort(get())]),
    io:format("~p~n", [lists:sort(get_keys())]),
    put(b, 2),
    put(c, 2),
    io:format("~p~n", [lists:sort(get_keys(2))]),
    io:format("~p~n", [erase(a)]),
    io:format("~p~n", [erase(a)]),
    io:format("~p~n", [get(a)]),
    Parent = self(),
    spawn(fun() -> Parent ! {child_sees, get(b), get()} end),
    receive {child_sees, B, All} -> io:format("child: ~p ~p~n", [B, All]) end,
    Old = erase(),
    io:format("~p~n", [lists:sort(Old)]),
    io:format("~p~n", [get()]),
    [put(N, N * N) || N <- lists:seq(1, 100)],
    io:format("~p~n", [lists:sum([get(N) || N <- lists:seq(1, 100)])]),
    io:format("~p~n", [length(get_keys())]),
    counter(),
    counter(),
    counter(),
    io:format("counter: ~p~n", [get(counter)]),
    io:format("~p~n", [lists:sort(get_keys(1))]),
    ok.

counter() ->
    case get(counter) of
        undefined -> put(counter, 1);
        N -> put(counter, N + 1)
    end.
