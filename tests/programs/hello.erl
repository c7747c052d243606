-module(hello).
-export([main/0]).

main() ->
    io:format("Hello, world!~n"),
    io:format("~s ~w ~p~n", ["text", atom, {tuple, 1}]),
    ok.
