-module(word_freq).
-export([main/0]).

%% A small text-processing program: splits a text into lines and words,
%% counts word frequencies in a map, and prints a report with top words,
%% line statistics, an index of word positions and a word-wrapped summary.

text() ->
    "The quick brown fox jumps over the lazy dog.\n"
    "The dog, being lazy, does not react; the fox is quick!\n"
    "A fox that is quick and a dog that is lazy: an old story.\n"
    "\n"
    "Stories about foxes and dogs are told again and again,\n"
    "and again the quick fox wins over the lazy dog.\n".

words(Line) ->
    [string:lowercase(W) || W <- string:lexemes(Line, " .,;:!?\t")].

main() ->
    Lines = string:split(text(), "\n", all),
    NonEmpty = [L || L <- Lines, L =/= ""],
    io:format("lines: ~p (non-empty ~p)~n", [length(Lines), length(NonEmpty)]),
    AllWords = lists:append([words(L) || L <- Lines]),
    io:format("words: ~p, distinct: ~p~n", [length(AllWords), length(lists:usort(AllWords))]),
    Counts = lists:foldl(fun(W, M) -> maps:update_with(W, fun(C) -> C + 1 end, 1, M) end,
                         #{}, AllWords),
    ByFreq = lists:sort(fun({W1, C1}, {W2, C2}) -> {C2, W1} =< {C1, W2} end, maps:to_list(Counts)),
    io:format("top words:~n"),
    [io:format("  ~-8s ~3w ~s~n", [W, C, lists:duplicate(C, $#)]) || {W, C} <- lists:sublist(ByFreq, 8)],
    Longest = lists:foldl(fun(W, Best) when length(W) > length(Best) -> W;
                             (_, Best) -> Best
                          end, "", AllWords),
    io:format("longest word: ~s (~p)~n", [Longest, length(Longest)]),
    Avg = lists:sum([length(W) || W <- AllWords]) / length(AllWords),
    io:format("average length: ~.3f~n", [Avg]),
    Index = lists:foldl(
              fun({N, L}, Acc) ->
                      lists:foldl(fun(W, A) -> maps:update_with(W, fun(Ns) -> [N | Ns] end, [N], A) end,
                                  Acc, lists:usort(words(L)))
              end, #{}, lists:zip(lists:seq(1, length(Lines)), Lines)),
    [io:format("  ~s: ~w~n", [W, lists:reverse(maps:get(W, Index))]) || W <- ["fox", "dog", "again", "story"]],
    Capitalised = [string:titlecase(W) || W <- lists:sublist(AllWords, 9)],
    io:format("~s~n", [lists:join(" ", Capitalised)]),
    Wrapped = wrap(lists:usort(AllWords), 40),
    [io:format("| ~-40s |~n", [L]) || L <- Wrapped],
    Letters = lists:foldl(fun(C, M) when C >= $a, C =< $z -> maps:update_with(C, fun(X) -> X + 1 end, 1, M);
                             (_, M) -> M
                          end, #{}, string:lowercase(text())),
    TopLetters = lists:sublist(lists:reverse(lists:keysort(2, lists:sort(maps:to_list(Letters)))), 5),
    io:format("letters: ~s~n", [[io_lib:format("~c=~w ", [C, N]) || {C, N} <- TopLetters]]),
    Sentences = [string:trim(S) || S <- string:split(text(), ".", all), string:trim(S) =/= ""],
    io:format("sentences: ~p~n", [length(Sentences)]),
    io:format("first sentence reversed: ~s~n",
              [lists:join(" ", lists:reverse(string:lexemes(hd(Sentences), " ")))]),
    Replaced = string:replace(hd(Lines), "quick", "slow", all),
    io:format("~ts~n", [Replaced]),
    ok.

wrap(Words, Width) -> wrap(Words, Width, "", []).

wrap([], _, "", Acc) -> lists:reverse(Acc);
wrap([], _, Line, Acc) -> lists:reverse([Line | Acc]);
wrap([W | Ws], Width, "", Acc) -> wrap(Ws, Width, W, Acc);
wrap([W | Ws], Width, Line, Acc) when length(Line) + 1 + length(W) =< Width ->
    wrap(Ws, Width, Line ++ " " ++ W, Acc);
wrap(Ws, Width, Line, Acc) -> wrap(Ws, Width, "", [Line | Acc]).
