-module(crash_throw).
-export([main/0]).

%% An uncaught throw escapes the entry function from several calls deep.
%%
%% erl writes its own crash report straight to standard output without
%% waiting for io output still queued at the output port, so the program
%% pauses before failing to keep that report from splitting its last lines.

search(_, []) -> not_found;
search(K, [{K, V} | _]) -> throw({found, V});
search(K, [_ | T]) -> search(K, T).

main() ->
    io:format("searching~n"),
    R = search(missing, [{a, 1}, {b, 2}]),
    io:format("first search: ~p~n", [R]),
    timer:sleep(100),
    search(b, [{a, 1}, {b, 2}]),
    io:format("not reached~n").
