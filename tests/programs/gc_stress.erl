-module(gc_stress).
-export([main/0]).

%% Allocation-heavy work that forces many garbage collections: long lists,
%% large (reference-counted) binaries, sub-binaries kept after their parent
%% is dropped, big tuples and many short-lived processes.

main() ->
    L = lists:seq(1, 500000),
    Rev = lists:reverse(L),
    io:format("lists: ~p ~p~n", [hd(Rev), lists:sum(Rev)]),
    Pairs = [{X, [X]} || X <- lists:seq(1, 200000)],
    io:format("pairs: ~p~n", [length(Pairs)]),
    Bins = [list_to_binary(lists:duplicate(100 + (X rem 50), X rem 256)) || X <- lists:seq(1, 5000)],
    io:format("binaries: ~p ~p~n", [length(Bins), lists:sum([byte_size(B) || B <- Bins])]),
    Big = iolist_to_binary(Bins),
    io:format("joined: ~p~n", [byte_size(Big)]),
    Slices = [binary:part(Big, Off, 10) || Off <- lists:seq(0, 100000, 1000)],
    io:format("slices: ~p ~w~n", [length(Slices), lists:nth(7, Slices)]),
    Copies = [binary:copy(S) || S <- Slices],
    io:format("copies equal: ~p~n", [Copies =:= Slices]),
    Grown = grow(<<>>, 20000),
    io:format("grown: ~p ~w~n", [byte_size(Grown), binary:part(Grown, byte_size(Grown) - 4, 4)]),
    Tuple = list_to_tuple(lists:seq(1, 100000)),
    Updated = lists:foldl(fun(I, T) -> setelement(I, T, I * 2) end, Tuple, lists:seq(1, 1000)),
    io:format("tuple: ~p ~p~n", [element(1000, Updated), element(1001, Updated)]),
    Parent = self(),
    Pids = [spawn(fun() -> Parent ! {done, X, lists:sum(lists:seq(1, X rem 100))} end)
            || X <- lists:seq(1, 10000)],
    Total = collect(length(Pids), 0),
    io:format("processes: ~p ~p~n", [length(Pids), Total]),
    BigMsg = lists:seq(1, 100000),
    Echo = spawn(fun() -> receive {From, M} -> From ! {echo, M} end end),
    Echo ! {self(), BigMsg},
    receive {echo, Back} -> io:format("big message: ~p~n", [Back =:= BigMsg]) end,
    BinMsg = binary:copy(<<"payload">>, 100000),
    Echo2 = spawn(fun() -> receive {From, M} -> From ! {echo, byte_size(M)} end end),
    Echo2 ! {self(), BinMsg},
    receive {echo, Sz} -> io:format("big binary message: ~p~n", [Sz]) end,
    io:format("garbage loop: ~p~n", [churn(200000, [])]),
    Map = lists:foldl(fun(X, M) -> M#{X rem 20 => X} end, #{}, lists:seq(1, 200000)),
    io:format("map churn: ~p~n", [lists:sort(maps:to_list(Map))]),
    erlang:garbage_collect(),
    io:format("explicit gc: ~p~n", [erlang:garbage_collect()]),
    ok.

grow(Bin, 0) -> Bin;
grow(Bin, N) -> grow(<<Bin/binary, N:32>>, N - 1).

collect(0, Acc) -> Acc;
collect(N, Acc) -> receive {done, _, S} -> collect(N - 1, Acc + S) end.

churn(0, Acc) -> length(Acc);
churn(N, Acc) ->
    _Garbage = {N, [N, N + 1], <<N:64>>},
    Acc2 = case N rem 1000 of
               0 -> [N | Acc];
               _ -> Acc
           end,
    churn(N - 1, Acc2).
