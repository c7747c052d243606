%% A ring of processes: each one forwards a token to the next, and the
%% token goes round the ring until it has made the requested number of
%% hops in all.
%%
%%   cordon -pa examples -run ring main 10000 1000000
-module(ring).
-export([main/0, main/1]).

main() ->
    main(["1000", "100000"]).

main([Size, Hops]) ->
    run(list_to_integer(Size), list_to_integer(Hops)).

run(Size, Hops) when Size > 0, Hops >= 0 ->
    Start = erlang:monotonic_time(millisecond),
    First = self(),
    Last = lists:foldl(fun(_, Next) -> spawn(fun() -> forward(Next) end) end,
                       First, lists:seq(2, Size)),
    Last ! {token, Hops},
    wait(Last),
    Elapsed = erlang:monotonic_time(millisecond) - Start,
    io:format("~b processes passed a token ~b times in ~b ms~n",
              [Size, Hops, Elapsed]).

%% Every process but the first forwards the token and counts it down.
forward(Next) ->
    receive
        {token, 0} ->
            Next ! {token, 0};
        {token, N} ->
            Next ! {token, N - 1},
            forward(Next)
    end.

%% The first process of the ring, the caller, closes the circle.
wait(Last) ->
    receive
        {token, 0} -> ok;
        {token, N} -> Last ! {token, N - 1}, wait(Last)
    end.
