-module(crash_badarg).
-export([main/0, id/1]).

%% The entry function fails with an uncaught badarg after printing: the
%% output before the failure must appear and the exit status is non-zero.
%%
%% erl writes its own crash report straight to standard output without
%% waiting for io output still queued at the output port, so the program
%% pauses before failing to keep that report from splitting its last lines.

id(X) -> X.

main() ->
    io:format("parsing numbers~n"),
    Parsed = [list_to_integer(S) || S <- ["1", "22", "333"]],
    io:format("parsed ~w~n", [Parsed]),
    io:format("now parsing an invalid one~n"),
    timer:sleep(100),
    Bad = list_to_integer(?MODULE:id("12abc")),
    io:format("not reached ~w~n", [Bad]).
