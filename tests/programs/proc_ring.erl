-module(proc_ring).
-export([main/0]).

%% A ring of processes passing a token around several times.

main() ->
    run(10, 5),
    run(200, 20),
    run(1000, 3),
    ok.

run(N, Rounds) ->
    First = build(N, self()),
    First ! {token, N * Rounds, 0},
    receive
        {done, Hops} -> io:format("ring ~p x ~p: ~p hops~n", [N, Rounds, Hops])
    end,
    First ! stop,
    receive stopped -> io:format("ring of ~p stopped~n", [N]) end.

%% Builds N processes where each forwards to the next and the last forwards
%% to the first. Returns the first.
build(N, Parent) ->
    Self = self(),
    First = spawn(fun() -> first(N, Parent, Self) end),
    receive {ring_ready, First} -> First end.

first(N, Parent, Builder) ->
    Next = spawn_chain(N - 1, self()),
    Builder ! {ring_ready, self()},
    loop(Next, Parent, true).

spawn_chain(0, First) -> First;
spawn_chain(K, First) ->
    Next = spawn_chain(K - 1, First),
    spawn(fun() -> loop(Next, none, false) end).

loop(Next, Parent, IsFirst) ->
    receive
        {token, 0, Hops} ->
            Parent ! {done, Hops},
            loop(Next, Parent, IsFirst);
        {token, Left, Hops} ->
            Next ! {token, Left - 1, Hops + 1},
            loop(Next, Parent, IsFirst);
        stop when IsFirst ->
            Next ! {stop, self()},
            receive {stop, _} -> Parent ! stopped end;
        {stop, First} ->
            Next ! {stop, First}
    end.
