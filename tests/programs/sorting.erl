-module(sorting).
-export([main/0]).

%% Sorting algorithms written by hand and checked against lists:sort, on
%% input from a fixed linear congruential generator.

lcg(Seed) -> (Seed * 1103515245 + 12345) rem 2147483648.

random_list(0, _) -> [];
random_list(N, Seed) ->
    S = lcg(Seed),
    [S rem 10000 | random_list(N - 1, S)].

quicksort([]) -> [];
quicksort([P | Xs]) ->
    {Smaller, Larger} = lists:partition(fun(X) -> X < P end, Xs),
    quicksort(Smaller) ++ [P | quicksort(Larger)].

mergesort([]) -> [];
mergesort([X]) -> [X];
mergesort(L) ->
    {A, B} = lists:split(length(L) div 2, L),
    merge(mergesort(A), mergesort(B)).

merge([], B) -> B;
merge(A, []) -> A;
merge([X | Xs], [Y | _] = Ys) when X =< Y -> [X | merge(Xs, Ys)];
merge(Xs, [Y | Ys]) -> [Y | merge(Xs, Ys)].

insertion_sort(L) -> lists:foldl(fun insert/2, [], L).

insert(X, []) -> [X];
insert(X, [Y | _] = L) when X =< Y -> [X | L];
insert(X, [Y | Ys]) -> [Y | insert(X, Ys)].

selection_sort([]) -> [];
selection_sort(L) ->
    Min = lists:min(L),
    [Min | selection_sort(lists:delete(Min, L))].

bubble_sort(L) ->
    T = list_to_tuple(L),
    tuple_to_list(bubble(T, tuple_size(T))).

bubble(T, 0) -> T;
bubble(T, N) -> bubble(pass(T, 1, N), N - 1).

pass(T, I, N) when I >= N -> T;
pass(T, I, N) ->
    A = element(I, T),
    B = element(I + 1, T),
    T2 = if A > B -> setelement(I + 1, setelement(I, T, B), A);
            true -> T
         end,
    pass(T2, I + 1, N).

heap_sort(L) ->
    Heap = lists:foldl(fun heap_insert/2, nil, L),
    heap_drain(Heap).

%% A pairing heap: nil or {Min, Subheaps}.
heap_insert(X, H) -> heap_meld({X, []}, H).

heap_meld(nil, H) -> H;
heap_meld(H, nil) -> H;
heap_meld({X, Hs1} = H1, {Y, Hs2} = H2) ->
    if X =< Y -> {X, [H2 | Hs1]};
       true -> {Y, [H1 | Hs2]}
    end.

heap_drain(nil) -> [];
heap_drain({X, Hs}) -> [X | heap_drain(merge_pairs(Hs))].

merge_pairs([]) -> nil;
merge_pairs([H]) -> H;
merge_pairs([A, B | Rest]) -> heap_meld(heap_meld(A, B), merge_pairs(Rest)).

counting_sort(L, Max) ->
    Counts = lists:foldl(fun(X, T) -> setelement(X + 1, T, element(X + 1, T) + 1) end,
                         erlang:make_tuple(Max + 1, 0), L),
    lists:append([lists:duplicate(element(I + 1, Counts), I) || I <- lists:seq(0, Max)]).

main() ->
    Small = random_list(20, 42),
    io:format("input: ~w~n", [Small]),
    Sorted = lists:sort(Small),
    io:format("sorted: ~w~n", [Sorted]),
    Big = random_list(3000, 7),
    Expected = lists:sort(Big),
    Algorithms = [{quicksort, fun quicksort/1}, {mergesort, fun mergesort/1},
                  {insertion, fun insertion_sort/1}, {selection, fun selection_sort/1},
                  {bubble, fun bubble_sort/1}, {heap, fun heap_sort/1},
                  {counting, fun(L) -> counting_sort(L, 9999) end}],
    lists:foreach(
      fun({Name, F}) ->
              io:format("~-10s small ~w big ~w~n", [Name, F(Small) =:= Sorted, F(lists:sublist(Big, 600)) =:= lists:sort(lists:sublist(Big, 600))])
      end, Algorithms),
    io:format("quicksort big: ~w~n", [quicksort(Big) =:= Expected]),
    io:format("mergesort big: ~w~n", [mergesort(Big) =:= Expected]),
    io:format("first and last: ~w ~w~n", [hd(Expected), lists:last(Expected)]),
    io:format("median: ~w~n", [lists:nth(1500, Expected)]),
    io:format("unique count: ~w~n", [length(lists:usort(Big))]),
    io:format("descending: ~w~n", [lists:sublist(lists:reverse(Expected), 5)]),
    Records = [{N rem 7, N} || N <- lists:sublist(Big, 15)],
    io:format("stable keysort: ~w~n", [lists:keysort(1, Records)]),
    io:format("sort by fun: ~w~n", [lists:sort(fun({A, _}, {B, _}) -> A >= B end, Records)]),
    Strings = ["pear", "Apple", "banana", "apple", "Banana", "cherry"],
    io:format("~p~n", [lists:sort(Strings)]),
    io:format("~p~n", [lists:sort(fun(A, B) -> string:lowercase(A) =< string:lowercase(B) end, Strings)]),
    ok.
