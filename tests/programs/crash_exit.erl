-module(crash_exit).
-export([main/0]).

%% The entry function calls exit/1 with a non-normal reason after a
%% successful exchange with another process.
%%
%% erl writes its own crash report straight to standard output without
%% waiting for io output still queued at the output port, so the program
%% pauses before failing to keep that report from splitting its last lines.

main() ->
    Parent = self(),
    Child = spawn(fun() -> receive {ping, From} -> From ! pong end end),
    Child ! {ping, Parent},
    receive pong -> io:format("got pong~n") end,
    io:format("exiting with a reason~n"),
    timer:sleep(100),
    exit({shutdown, requested}).
