-module(crash_function_clause).
-export([main/0]).

%% A function_clause error raised inside a recursive call, with a tail of
%% output lines and a large term printed before the failure.
%%
%% erl writes its own crash report straight to standard output without
%% waiting for io output still queued at the output port, so the program
%% pauses before failing to keep that report from splitting its last lines.

classify(N) when N > 0, N rem 2 =:= 0 -> even;
classify(N) when N > 0 -> odd.

walk([]) -> done;
walk([H | T]) ->
    io:format("~p is ~p~n", [H, classify(H)]),
    walk(T).

main() ->
    io:format("~p~n", [lists:seq(1, 40)]),
    walk([3, 2, 1]),
    timer:sleep(100),
    walk([0, -1]).
