%% re:replace/4 and re:split/3 from OTP's re.erl on top of the native
%% BIFs, and a regex-redux style variant count over generated DNA.
-module(re_text).
-export([main/0]).

main() ->
    replace(),
    split(),
    redux().

show(Label, Fun) ->
    Result =
        try Fun() of
            Value -> Value
        catch
            Class:Reason -> {Class, Reason}
        end,
    io:format("~s: ~p~n", [Label, Result]).

replace() ->
    S = "The quick brown fox",
    show("first", fun() -> re:replace(S, "o", "0", [{return, list}]) end),
    show("global", fun() -> re:replace(S, "o", "0", [global, {return, list}]) end),
    show("group ref", fun() -> re:replace(S, "(\\w+) (\\w+)", "\\2 \\1", [{return, list}]) end),
    show("ampersand", fun() -> re:replace(S, "[aeiou]", "<&>", [global, {return, binary}]) end),
    show("escaped ampersand", fun() -> re:replace(S, "quick", "\\&", [{return, list}]) end),
    show("g braces", fun() -> re:replace("abc", "(b)", "[\\g{1}0]", [{return, list}]) end),
    show("unset group", fun() -> re:replace("ac", "a(x)?c", "[\\1]", [{return, list}]) end),
    show("iodata", fun() -> iolist_to_binary(re:replace(<<"aXbXc">>, "X", "--", [global])) end),
    show("empty pattern", fun() -> re:replace("abc", "", "-", [global, {return, list}]) end),
    show("caseless", fun() -> re:replace("AbAb", "a", "x", [global, caseless, {return, list}]) end),
    show("unicode", fun() -> re:replace("héllo wörld", "ö|é", "o", [unicode, global, {return, list}]) end),
    show("unicode binary", fun() -> re:replace(<<"naïve"/utf8>>, "ï", "i", [unicode, {return, binary}]) end),
    {ok, MP} = re:compile("\\s+"),
    show("compiled", fun() -> re:replace("a  b \t c", MP, " ", [global, {return, list}]) end),
    show("bad return", fun() -> re:replace("a", "a", "b", [{return, atom}]) end),
    show("bad pattern", fun() -> re:replace("a", "(", "b") end).

split() ->
    show("plain", fun() -> re:split("a,b,,c,,", ",", [{return, list}]) end),
    show("trim", fun() -> re:split("a,b,,c,,", ",", [{return, list}, trim]) end),
    show("parts 2", fun() -> re:split("a,b,c,d", ",", [{return, list}, {parts, 2}]) end),
    show("parts 0", fun() -> re:split("a,b,,c,,", ",", [{return, list}, {parts, 0}]) end),
    show("parts infinity", fun() -> re:split("a,b,,", ",", [{return, list}, {parts, infinity}]) end),
    show("group", fun() -> re:split("a1b2c", "(\\d)", [{return, binary}, group]) end),
    show("groups kept", fun() -> re:split("a1b2c", "(\\d)", [{return, list}]) end),
    show("binary default", fun() -> re:split(<<"x y  z">>, " ") end),
    show("empty matches", fun() -> re:split("abc", "", [{return, list}]) end),
    show("no match", fun() -> re:split("abc", "x", [{return, list}]) end),
    show("caseless", fun() -> re:split("aXbxc", "x", [caseless, {return, list}]) end),
    show("unicode", fun() -> re:split("α,β,γ", ",", [unicode, {return, list}]) end),
    show("multiline", fun() -> re:split("l1\nl2\nl3", "^", [multiline, {return, list}]) end),
    show("bad option", fun() -> re:split("a", ",", [{parts, -1}]) end).

%% A regex-redux style run: strip headers and newlines, count the
%% variants of the benchmark's nine patterns, then apply the IUB
%% substitutions, all over a deterministic pseudo-random sequence.
redux() ->
    Fasta = fasta(2000),
    Clean = re:replace(Fasta, ">.*\n|\n", "", [global, {return, binary}]),
    io:format("lengths: ~p ~p~n", [byte_size(Fasta), byte_size(Clean)]),
    Variants = [
        "agggtaaa|tttaccct",
        "[cgt]gggtaaa|tttaccc[acg]",
        "a[act]ggtaaa|tttacc[agt]t",
        "ag[act]gtaaa|tttac[agt]ct",
        "agg[act]taaa|ttta[agt]cct",
        "aggg[acg]aaa|ttt[cgt]ccct",
        "agggt[cgt]aa|tt[acg]accct",
        "agggta[cgt]a|t[acg]taccct",
        "agggtaa[cgt]|[acg]ttaccct"
    ],
    lists:foreach(
        fun(V) ->
            Count =
                case re:run(Clean, V, [global, {capture, none}]) of
                    match -> length(element(2, re:run(Clean, V, [global])));
                    nomatch -> 0
                end,
            io:format("~s ~p~n", [V, Count])
        end,
        Variants
    ),
    Substitutions = [
        {"tHa[Nt]", "<4>"},
        {"aND|caN|Ha[DS]|WaS", "<3>"},
        {"a[NSt]|BY", "<2>"},
        {"<[^>]*>", "|"},
        {"\\|[^|][^|]*\\|", "-"}
    ],
    Final = lists:foldl(
        fun({P, R}, Acc) -> re:replace(Acc, P, R, [global, {return, binary}]) end,
        Clean,
        Substitutions
    ),
    io:format("after substitutions: ~p~n", [byte_size(Final)]).

%% Lines of 60 bases from a linear congruential generator that picks
%% chunks, some of them variants, so every pattern has matches.
fasta(N) ->
    Chunks = {"agggtaaa", "tttaccct", "cgggtaaa", "tttacccg", "atggtaaa", "aggctaaa",
              "tttgccct", "agggtgaa", "agggtaac", "cttaccct", "gtaa", "ccct", "ac", "tN",
              "BH", "DS", "tMK", "RY", "g", "t"},
    {Parts, _} = lists:mapfoldl(
        fun(_, Seed) ->
            Next = (Seed * 3877 + 29573) rem 139968,
            {element(1 + Next rem tuple_size(Chunks), Chunks), Next}
        end,
        42,
        lists:seq(1, N)
    ),
    Lines = lines(lists:append(Parts), []),
    iolist_to_binary([">ONE Homo sapiens alu\n", Lines, ">TWO IUB ambiguity codes\n", Lines]).

lines([], Acc) ->
    lists:reverse(Acc);
lines(Bases, Acc) when length(Bases) > 60 ->
    {Line, Rest} = lists:split(60, Bases),
    lines(Rest, [[Line, $\n] | Acc]);
lines(Bases, Acc) ->
    lists:reverse([[Bases, $\n] | Acc]).
