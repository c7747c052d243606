%% The lists module Cordon carries for machines without OTP.
%%
%% When OTP is installed its lists module comes first on the code path and
%% this one is never loaded. The functions follow OTP 25's documented
%% results and exceptions: where OTP's clauses match no argument, these
%% raise function_clause too, and bad results of a fun raise the same
%% case_clause, bad_filter or bad_generator errors.
%%
%% reverse/1,2, member/2, keyfind/3, keymember/3 and keysearch/3 are
%% native BIFs and are not defined here; calls to them reach the BIFs.
%%
%% NOTE: sort/1 is a stable merge sort. OTP's sort/1 is not stable, so
%% for elements that compare equal without being identical (1 and 1.0)
%% the order of the result may differ from OTP's. The other sorts and
%% merges keep equal elements in OTP's documented order.
-module(lists).

-compile({no_auto_import, [min/2, max/2]}).

-export([append/1, append/2, concat/1, delete/2, droplast/1, dropwhile/2,
         duplicate/2, enumerate/1, enumerate/2, filter/2, filtermap/2,
         flatlength/1, flatmap/2, flatten/1, flatten/2, foldl/3, foldr/3,
         foreach/2, join/2, last/1, map/2, mapfoldl/3, mapfoldr/3, max/1,
         min/1, nth/2, nthtail/2, partition/2, prefix/2, search/2, seq/2,
         seq/3, split/2, splitwith/2, sublist/2, sublist/3, subtract/2,
         suffix/2, sum/1, takewhile/2, uniq/1, uniq/2, unzip/1, unzip3/1,
         zf/2, zip/2, zip3/3, zipwith/3, zipwith3/4, any/2, all/2]).
-export([keydelete/3, keymap/3, keymerge/3, keyreplace/4, keysort/2,
         keystore/4, keytake/3, ukeymerge/3, ukeysort/2]).
-export([merge/1, merge/2, merge/3, merge3/3, sort/1, sort/2, umerge/1,
         umerge/2, umerge/3, umerge3/3, usort/1, usort/2]).

%% ---- building and taking apart ----

append([E]) -> E;
append([H | T]) -> H ++ append(T);
append([]) -> [].

append(L1, L2) -> L1 ++ L2.

subtract(L1, L2) -> L1 -- L2.

concat(List) ->
    flatten(thing_to_list(List)).

thing_to_list([X | Xs]) -> [thing_to_string(X) | thing_to_list(Xs)];
thing_to_list([]) -> [].

thing_to_string(X) when is_integer(X) -> integer_to_list(X);
thing_to_string(X) when is_float(X) -> float_to_list(X);
thing_to_string(X) when is_atom(X) -> atom_to_list(X);
thing_to_string(X) when is_list(X) -> X.

nth(1, [H | _]) -> H;
nth(N, [_ | T]) when N > 1 -> nth(N - 1, T).

nthtail(1, [_ | T]) -> T;
nthtail(N, [_ | T]) when N > 1 -> nthtail(N - 1, T);
nthtail(0, L) when is_list(L) -> L.

prefix([X | PreTail], [X | Tail]) -> prefix(PreTail, Tail);
prefix([], List) when is_list(List) -> true;
prefix([_ | _], List) when is_list(List) -> false.

suffix(Suffix, List) ->
    Delta = length(List) - length(Suffix),
    Delta >= 0 andalso nthtail(Delta, List) =:= Suffix.

droplast([_]) -> [];
droplast([H | T]) -> [H | droplast(T)].

last([E | Es]) -> last(E, Es).

last(_, [E | Es]) -> last(E, Es);
last(E, []) -> E.

seq(First, Last) when is_integer(First), is_integer(Last), First - 1 =< Last ->
    seq_loop(Last - First + 1, Last, []).

seq_loop(0, _X, L) -> L;
seq_loop(N, X, L) -> seq_loop(N - 1, X - 1, [X | L]).

seq(First, Last, Inc) when is_integer(First), is_integer(Last), is_integer(Inc),
                           (Inc > 0 andalso First - Inc =< Last orelse
                            Inc < 0 andalso First - Inc >= Last) ->
    N = (Last - First + Inc) div Inc,
    seq_loop(N, Inc * (N - 1) + First, Inc, []);
seq(Same, Same, 0) when is_integer(Same) ->
    [Same];
seq(First, Last, Inc) ->
    erlang:error(badarg, [First, Last, Inc]).

seq_loop(0, _X, _Inc, L) -> L;
seq_loop(N, X, Inc, L) -> seq_loop(N - 1, X - Inc, Inc, [X | L]).

sum(L) -> sum(L, 0).

sum([H | T], Sum) -> sum(T, Sum + H);
sum([], Sum) -> Sum.

duplicate(N, X) when is_integer(N), N >= 0 -> duplicate(N, X, []).

duplicate(0, _, L) -> L;
duplicate(N, X, L) -> duplicate(N - 1, X, [X | L]).

min([H | T]) -> min(T, H).

min([H | T], Min) when H < Min -> min(T, H);
min([_ | T], Min) -> min(T, Min);
min([], Min) -> Min.

max([H | T]) -> max(T, H).

max([H | T], Max) when H > Max -> max(T, H);
max([_ | T], Max) -> max(T, Max);
max([], Max) -> Max.

sublist(List, L) when is_integer(L), is_list(List) ->
    sublist_2(List, L).

sublist_2([H | T], L) when L > 0 -> [H | sublist_2(T, L - 1)];
sublist_2(_, 0) -> [];
sublist_2(List, L) when is_list(List), L > 0 -> [].

sublist(List, 1, Length) when is_list(List), is_integer(Length), Length >= 0 ->
    sublist(List, Length);
sublist([], Start, _Length) when is_integer(Start), Start >= 2 ->
    [];
sublist([_ | T], Start, Length) when is_integer(Start), Start >= 2 ->
    sublist(T, Start - 1, Length).

delete(Item, [Item | Rest]) -> Rest;
delete(Item, [H | Rest]) -> [H | delete(Item, Rest)];
delete(_, []) -> [].

split(N, List) when is_integer(N), N >= 0, is_list(List) ->
    case split(N, List, []) of
        {_, _} = Result -> Result;
        Fault when is_atom(Fault) -> erlang:error(Fault, [N, List])
    end;
split(N, List) ->
    erlang:error(badarg, [N, List]).

split(0, L, R) -> {reverse(R, []), L};
split(N, [H | T], R) -> split(N - 1, T, [H | R]);
split(_, [], _) -> badarg.

join(_Sep, []) -> [];
join(Sep, [H | T]) -> [H | join_prepend(Sep, T)].

join_prepend(_Sep, []) -> [];
join_prepend(Sep, [H | T]) -> [Sep, H | join_prepend(Sep, T)].

flatten(List) when is_list(List) -> do_flatten(List, []).

flatten(List, Tail) when is_list(List), is_list(Tail) -> do_flatten(List, Tail).

do_flatten([H | T], Tail) when is_list(H) -> do_flatten(H, do_flatten(T, Tail));
do_flatten([H | T], Tail) -> [H | do_flatten(T, Tail)];
do_flatten([], Tail) -> Tail.

flatlength(List) -> flatlength(List, 0).

flatlength([H | T], L) when is_list(H) -> flatlength(H, flatlength(T, L));
flatlength([_ | T], L) -> flatlength(T, L + 1);
flatlength([], L) -> L.

zip([X | Xs], [Y | Ys]) -> [{X, Y} | zip(Xs, Ys)];
zip([], []) -> [].

unzip(Ts) -> unzip(Ts, [], []).

unzip([{X, Y} | Ts], Xs, Ys) -> unzip(Ts, [X | Xs], [Y | Ys]);
unzip([], Xs, Ys) -> {reverse(Xs, []), reverse(Ys, [])}.

zip3([X | Xs], [Y | Ys], [Z | Zs]) -> [{X, Y, Z} | zip3(Xs, Ys, Zs)];
zip3([], [], []) -> [].

unzip3(Ts) -> unzip3(Ts, [], [], []).

unzip3([{X, Y, Z} | Ts], Xs, Ys, Zs) -> unzip3(Ts, [X | Xs], [Y | Ys], [Z | Zs]);
unzip3([], Xs, Ys, Zs) -> {reverse(Xs, []), reverse(Ys, []), reverse(Zs, [])}.

zipwith(F, [X | Xs], [Y | Ys]) -> [F(X, Y) | zipwith(F, Xs, Ys)];
zipwith(F, [], []) when is_function(F, 2) -> [].

zipwith3(F, [X | Xs], [Y | Ys], [Z | Zs]) -> [F(X, Y, Z) | zipwith3(F, Xs, Ys, Zs)];
zipwith3(F, [], [], []) when is_function(F, 3) -> [].

enumerate(List) -> enumerate(1, List).

enumerate(Index, List) when is_integer(Index), is_list(List) ->
    enumerate_1(Index, List).

enumerate_1(Index, [H | T]) -> [{Index, H} | enumerate_1(Index + 1, T)];
enumerate_1(_Index, []) -> [].

uniq(List) -> uniq_1(List, #{}).

uniq_1([X | Xs], Seen) ->
    case is_map_key(X, Seen) of
        true -> uniq_1(Xs, Seen);
        false -> [X | uniq_1(Xs, Seen#{X => true})]
    end;
uniq_1([], _Seen) -> [].

uniq(F, List) when is_function(F, 1) -> uniq_2(List, F, #{}).

uniq_2([X | Xs], F, Seen) ->
    Key = F(X),
    case is_map_key(Key, Seen) of
        true -> uniq_2(Xs, F, Seen);
        false -> [X | uniq_2(Xs, F, Seen#{Key => true})]
    end;
uniq_2([], _F, _Seen) -> [].

reverse(List, Tail) -> lists:reverse(List, Tail).

%% ---- higher-order functions ----

all(Pred, [Hd | Tail]) ->
    case Pred(Hd) of
        true -> all(Pred, Tail);
        false -> false
    end;
all(Pred, []) when is_function(Pred, 1) -> true.

any(Pred, [Hd | Tail]) ->
    case Pred(Hd) of
        true -> true;
        false -> any(Pred, Tail)
    end;
any(Pred, []) when is_function(Pred, 1) -> false.

map(F, List) when is_function(F, 1) -> map_1(F, List).

map_1(F, [H | T]) -> [F(H) | map_1(F, T)];
map_1(_F, []) -> [].

flatmap(F, List) when is_function(F, 1) -> flatmap_1(F, List).

flatmap_1(F, [Hd | Tail]) -> F(Hd) ++ flatmap_1(F, Tail);
flatmap_1(_F, []) -> [].

foldl(F, Accu, List) when is_function(F, 2) -> foldl_1(F, Accu, List).

foldl_1(F, Accu, [Hd | Tail]) -> foldl_1(F, F(Hd, Accu), Tail);
foldl_1(_F, Accu, []) -> Accu.

foldr(F, Accu, List) when is_function(F, 2) -> foldr_1(F, Accu, List).

foldr_1(F, Accu, [Hd | Tail]) -> F(Hd, foldr_1(F, Accu, Tail));
foldr_1(_F, Accu, []) -> Accu.

filter(Pred, List) when is_function(Pred, 1) ->
    [E || E <- List, Pred(E)].

partition(Pred, L) -> partition(Pred, L, [], []).

partition(Pred, [H | T], As, Bs) ->
    case Pred(H) of
        true -> partition(Pred, T, [H | As], Bs);
        false -> partition(Pred, T, As, [H | Bs])
    end;
partition(Pred, [], As, Bs) when is_function(Pred, 1) ->
    {reverse(As, []), reverse(Bs, [])}.

filtermap(F, List) when is_function(F, 1) -> filtermap_1(F, List).

filtermap_1(F, [Hd | Tail]) ->
    case F(Hd) of
        true -> [Hd | filtermap_1(F, Tail)];
        {true, Val} -> [Val | filtermap_1(F, Tail)];
        false -> filtermap_1(F, Tail)
    end;
filtermap_1(_F, []) -> [].

zf(F, L) -> filtermap(F, L).

foreach(F, List) when is_function(F, 1) -> foreach_1(F, List).

foreach_1(F, [Hd | Tail]) ->
    F(Hd),
    foreach_1(F, Tail);
foreach_1(_F, []) -> ok.

mapfoldl(F, Accu, List) when is_function(F, 2) -> mapfoldl_1(F, Accu, List).

mapfoldl_1(F, Accu0, [Hd | Tail]) ->
    {R, Accu1} = F(Hd, Accu0),
    {Rs, Accu2} = mapfoldl_1(F, Accu1, Tail),
    {[R | Rs], Accu2};
mapfoldl_1(_F, Accu, []) -> {[], Accu}.

mapfoldr(F, Accu, List) when is_function(F, 2) -> mapfoldr_1(F, Accu, List).

mapfoldr_1(F, Accu0, [Hd | Tail]) ->
    {Rs, Accu1} = mapfoldr_1(F, Accu0, Tail),
    {R, Accu2} = F(Hd, Accu1),
    {[R | Rs], Accu2};
mapfoldr_1(_F, Accu, []) -> {[], Accu}.

takewhile(Pred, List) when is_function(Pred, 1) -> takewhile_1(Pred, List).

takewhile_1(Pred, [Hd | Tail]) ->
    case Pred(Hd) of
        true -> [Hd | takewhile_1(Pred, Tail)];
        false -> []
    end;
takewhile_1(_Pred, []) -> [].

dropwhile(Pred, List) when is_function(Pred, 1) -> dropwhile_1(Pred, List).

dropwhile_1(Pred, [Hd | Tail] = Rest) ->
    case Pred(Hd) of
        true -> dropwhile_1(Pred, Tail);
        false -> Rest
    end;
dropwhile_1(_Pred, []) -> [].

search(Pred, [Hd | Tail]) ->
    case Pred(Hd) of
        true -> {value, Hd};
        false -> search(Pred, Tail)
    end;
search(Pred, []) when is_function(Pred, 1) -> false.

splitwith(Pred, List) when is_function(Pred, 1) -> splitwith_1(Pred, List, []).

splitwith_1(Pred, [Hd | Tail], Taken) ->
    case Pred(Hd) of
        true -> splitwith_1(Pred, Tail, [Hd | Taken]);
        false -> {reverse(Taken, []), [Hd | Tail]}
    end;
splitwith_1(_Pred, [], Taken) -> {reverse(Taken, []), []}.

%% ---- tuple lists ----

keydelete(Key, N, TupleList) when is_integer(N), N > 0 ->
    keydelete3(Key, N, TupleList).

keydelete3(Key, N, [H | T]) when element(N, H) == Key -> T;
keydelete3(Key, N, [H | T]) -> [H | keydelete3(Key, N, T)];
keydelete3(_, _, []) -> [].

keyreplace(Key, N, TupleList, New) when is_integer(N), N > 0, is_tuple(New) ->
    keyreplace3(Key, N, TupleList, New).

keyreplace3(Key, N, [Tup | Tail], New) when element(N, Tup) == Key -> [New | Tail];
keyreplace3(Key, N, [H | T], New) -> [H | keyreplace3(Key, N, T, New)];
keyreplace3(_, _, [], _) -> [].

keytake(Key, N, TupleList) when is_integer(N), N > 0 ->
    keytake(Key, N, TupleList, []).

keytake(Key, N, [H | T], L) when element(N, H) == Key ->
    {value, H, reverse(L, T)};
keytake(Key, N, [H | T], L) ->
    keytake(Key, N, T, [H | L]);
keytake(_K, _N, [], _L) -> false.

keystore(Key, N, TupleList, New) when is_integer(N), N > 0, is_tuple(New) ->
    keystore2(Key, N, TupleList, New).

keystore2(Key, N, [H | T], New) when element(N, H) == Key -> [New | T];
keystore2(Key, N, [H | T], New) -> [H | keystore2(Key, N, T, New)];
keystore2(_Key, _N, [], New) -> [New].

keymap(Fun, Index, [Tup | Tail]) ->
    [setelement(Index, Tup, Fun(element(Index, Tup))) | keymap(Fun, Index, Tail)];
keymap(Fun, Index, []) when is_integer(Index), Index >= 1, is_function(Fun, 1) -> [].

keysort(Index, List) when is_integer(Index), Index > 0 ->
    case List of
        [] -> List;
        [_] -> List;
        _ -> merge_runs(pair_runs(key_le(Index), List, []), key_le(Index))
    end.

ukeysort(Index, List) when is_integer(Index), Index > 0 ->
    case List of
        [] -> List;
        [_] -> List;
        _ ->
            Le = key_le(Index),
            dedup(merge_runs(pair_runs(Le, List, []), Le), key_equal(Index))
    end.

%% Like OTP's, keymerge/3 looks at the key of the first tuple of L2, and
%% ukeymerge/3 at that of L1, even when the other list is empty.
keymerge(Index, L1, L2) when is_integer(Index), Index > 0, is_list(L1), is_list(L2) ->
    check_first_key(Index, L2),
    merge_with(key_le(Index), L1, L2, []).

ukeymerge(Index, L1, L2) when is_integer(Index), Index > 0, is_list(L1), is_list(L2) ->
    check_first_key(Index, L1),
    umerge_with(key_le(Index), key_equal(Index), L1, L2, []).

check_first_key(Index, [H | _]) -> _ = element(Index, H), ok;
check_first_key(_Index, []) -> ok.

key_le(Index) ->
    fun(A, B) -> element(Index, A) =< element(Index, B) end.

key_equal(Index) ->
    fun(A, B) -> element(Index, A) == element(Index, B) end.

%% ---- sorting and merging ----

sort([_, _ | _] = List) ->
    sort_runs(pair_runs_le(List, []));
sort([_] = List) -> List;
sort([] = List) -> List.

usort([_, _ | _] = List) ->
    dedup(sort_runs(pair_runs_le(List, [])), fun(A, B) -> A == B end);
usort([_] = List) -> List;
usort([] = List) -> List.

sort(Fun, []) when is_function(Fun, 2) -> [];
sort(Fun, [_] = List) when is_function(Fun, 2) -> List;
sort(Fun, [_, _ | _] = List) when is_function(Fun, 2) ->
    merge_runs(pair_runs(Fun, List, []), Fun).

usort(Fun, []) when is_function(Fun, 2) -> [];
usort(Fun, [_] = List) when is_function(Fun, 2) -> List;
usort(Fun, [_, _ | _] = List) when is_function(Fun, 2) ->
    dedup(merge_runs(pair_runs(Fun, List, []), Fun), fun(A, B) -> Fun(B, A) end).

merge(L1, L2) when is_list(L1), is_list(L2) ->
    merge_le(L1, L2, []).

merge(Fun, L1, L2) when is_function(Fun, 2), is_list(L1), is_list(L2) ->
    merge_with(Fun, L1, L2, []).

merge(ListOfLists) when is_list(ListOfLists) ->
    sort_runs_or_empty(ListOfLists).

merge3(L1, L2, L3) ->
    merge([L1, L2, L3]).

umerge(L1, L2) when is_list(L1), is_list(L2) ->
    umerge_with(fun(A, B) -> A =< B end, fun(A, B) -> A == B end, L1, L2, []).

umerge(Fun, L1, L2) when is_function(Fun, 2), is_list(L1), is_list(L2) ->
    umerge_with(Fun, fun(A, B) -> Fun(B, A) end, L1, L2, []).

umerge(ListOfLists) when is_list(ListOfLists) ->
    dedup(sort_runs_or_empty(ListOfLists), fun(A, B) -> A == B end).

umerge3(L1, L2, L3) ->
    umerge([L1, L2, L3]).

%% The runs of sort/1: sorted pairs, in order.
pair_runs_le([X, Y | T], Runs) when X =< Y -> pair_runs_le(T, [[X, Y] | Runs]);
pair_runs_le([X, Y | T], Runs) -> pair_runs_le(T, [[Y, X] | Runs]);
pair_runs_le([X], Runs) -> reverse([[X] | Runs], []);
pair_runs_le([], Runs) -> reverse(Runs, []).

sort_runs_or_empty([]) -> [];
sort_runs_or_empty(Runs) -> sort_runs(Runs).

%% Merges adjacent runs until one is left. Each merge keeps elements of
%% the earlier run first among equals, so the sort is stable.
sort_runs([Run]) -> Run;
sort_runs(Runs) -> sort_runs(merge_pass_le(Runs, [])).

merge_pass_le([A, B | Rest], Merged) -> merge_pass_le(Rest, [merge_le(A, B, []) | Merged]);
merge_pass_le([A], Merged) -> reverse([A | Merged], []);
merge_pass_le([], Merged) -> reverse(Merged, []).

merge_le([X | Xs] = L1, [Y | Ys] = L2, Acc) ->
    if
        X =< Y -> merge_le(Xs, L2, [X | Acc]);
        true -> merge_le(L1, Ys, [Y | Acc])
    end;
merge_le([], L2, Acc) -> reverse(Acc, L2);
merge_le(L1, [], Acc) -> reverse(Acc, L1).

%% The runs of a sort by Le, where Le(A, B) is true when A may come
%% before B.
pair_runs(Le, [X, Y | T], Runs) ->
    case Le(X, Y) of
        true -> pair_runs(Le, T, [[X, Y] | Runs]);
        false -> pair_runs(Le, T, [[Y, X] | Runs])
    end;
pair_runs(_Le, [X], Runs) -> reverse([[X] | Runs], []);
pair_runs(_Le, [], Runs) -> reverse(Runs, []).

merge_runs([Run], _Le) -> Run;
merge_runs(Runs, Le) -> merge_runs(merge_pass(Le, Runs, []), Le).

merge_pass(Le, [A, B | Rest], Merged) ->
    merge_pass(Le, Rest, [merge_with(Le, A, B, []) | Merged]);
merge_pass(_Le, [A], Merged) -> reverse([A | Merged], []);
merge_pass(_Le, [], Merged) -> reverse(Merged, []).

merge_with(Le, [X | Xs] = L1, [Y | Ys] = L2, Acc) ->
    case Le(X, Y) of
        true -> merge_with(Le, Xs, L2, [X | Acc]);
        false -> merge_with(Le, L1, Ys, [Y | Acc])
    end;
merge_with(_Le, [], L2, Acc) -> reverse(Acc, L2);
merge_with(_Le, L1, [], Acc) -> reverse(Acc, L1).

%% Merges two lists, dropping an element of L2 equal to one of L1.
umerge_with(Le, Equal, [X | Xs] = L1, [Y | Ys] = L2, Acc) ->
    case Le(X, Y) of
        true ->
            case Equal(X, Y) of
                true -> umerge_with(Le, Equal, Xs, Ys, [X | Acc]);
                false -> umerge_with(Le, Equal, Xs, L2, [X | Acc])
            end;
        false ->
            umerge_with(Le, Equal, L1, Ys, [Y | Acc])
    end;
umerge_with(_Le, _Equal, [], L2, Acc) -> reverse(Acc, L2);
umerge_with(_Le, _Equal, L1, [], Acc) -> reverse(Acc, L1).

%% Drops each element equal to the one kept before it.
dedup([X | Xs], Equal) -> dedup(Xs, X, Equal, [X]);
dedup([], _Equal) -> [].

dedup([Y | Ys], Kept, Equal, Acc) ->
    case Equal(Kept, Y) of
        true -> dedup(Ys, Kept, Equal, Acc);
        false -> dedup(Ys, Y, Equal, [Y | Acc])
    end;
dedup([], _Kept, _Equal, Acc) ->
    reverse(Acc, []).
