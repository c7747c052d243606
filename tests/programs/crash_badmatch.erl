-module(crash_badmatch).
-export([main/0, id/1]).

%% A badmatch in the entry function after output from another process. The
%% other process prints before it replies, so its output is complete before
%% the crash.
%%
%% erl writes its own crash report straight to standard output without
%% waiting for io output still queued at the output port, so the program
%% pauses before failing to keep that report from splitting its last lines.

id(X) -> X.

main() ->
    Parent = self(),
    spawn(fun() ->
                  io:format("worker prints first~n"),
                  Parent ! {result, 41}
          end),
    Value = receive {result, V} -> V end,
    io:format("worker returned ~p~n", [Value]),
    timer:sleep(100),
    {ok, Answer} = ?MODULE:id({error, Value + 1}),
    io:format("not reached ~p~n", [Answer]).
