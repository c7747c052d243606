%% re:compile/2 and re:run/3: every capture type and value spec, global
%% matching, named groups, Unicode subjects, match limits and errors.
-module(re_run).
-export([main/0]).

main() ->
    captures(),
    global(),
    names(),
    unicode(),
    compiled(),
    limits(),
    errors().

show(Label, Fun) ->
    Result =
        try Fun() of
            Value -> Value
        catch
            Class:Reason -> {Class, Reason}
        end,
    io:format("~s: ~p~n", [Label, Result]).

captures() ->
    S = "foo=12, bar=, baz=345",
    P = "(\\w+)=(\\d*)(x)?",
    show("default", fun() -> re:run(S, P) end),
    show("index", fun() -> re:run(S, P, [{capture, all, index}]) end),
    show("list", fun() -> re:run(S, P, [{capture, all, list}]) end),
    show("binary", fun() -> re:run(list_to_binary(S), P, [{capture, all, binary}]) end),
    show("first", fun() -> re:run(S, P, [{capture, first, list}]) end),
    show("all_but_first", fun() -> re:run(S, P, [{capture, all_but_first}]) end),
    show("none", fun() -> re:run(S, P, [{capture, none}]) end),
    show("empty list", fun() -> re:run(S, P, [{capture, [], list}]) end),
    show("indexes", fun() -> re:run(S, P, [{capture, [3, 2, 0, 9], list}]) end),
    show("unset binary", fun() -> re:run(S, P, [{capture, [3], binary}]) end),
    show("last capture wins", fun() -> re:run(S, P, [{capture, all}, {capture, [1]}]) end),
    show("offset", fun() -> re:run(S, P, [{offset, 7}, {capture, all, list}]) end),
    show("offset at end", fun() -> re:run(S, "$", [{offset, length(S)}]) end),
    show("iolist subject", fun() -> re:run([<<"ab">>, $c | <<"d">>], "b.d") end),
    show("iolist pattern", fun() -> re:run("abcd", [$b, <<".">>], [{capture, first, list}]) end),
    show("nomatch", fun() -> re:run(S, "q+") end),
    show("notbol", fun() -> re:run("abc", "^a", [notbol]) end),
    show("noteol", fun() -> re:run("abc", "c$", [noteol]) end),
    show("notempty", fun() -> re:run("abc", "x*", [notempty]) end),
    show("notempty_atstart", fun() -> re:run("abc", "b*", [notempty_atstart]) end),
    show("anchored", fun() -> re:run("xabc", "abc", [anchored]) end),
    show("caseless", fun() -> re:run("HeLLo", "hello", [caseless, {capture, all, list}]) end),
    show("multiline", fun() -> re:run("one\ntwo", "^two$", [multiline]) end),
    show("no multiline", fun() -> re:run("one\ntwo", "^two$", []) end),
    show("dotall", fun() -> re:run("a\nb", "a.b", [dotall]) end),
    show("no dotall", fun() -> re:run("a\nb", "a.b", []) end),
    show("extended", fun() -> re:run("abc", "a b # comment\n c", [extended]) end),
    show("ungreedy", fun() -> re:run("aaa", "a+", [ungreedy, {capture, all, list}]) end),
    show("no_auto_capture", fun() -> re:run("ab", "(a)(?<n>b)", [no_auto_capture]) end),
    show("dollar_endonly", fun() -> re:run("ab\n", "b$", [dollar_endonly]) end),
    show("firstline", fun() -> re:run("ab\ncd", "cd", [firstline]) end),
    show("newline cr", fun() -> re:run("a\rb", "^b", [multiline, {newline, cr}]) end),
    show("newline crlf", fun() -> re:run("a\r\nb", "a$", [multiline, {newline, crlf}]) end),
    show("newline any", fun() -> re:run("a\x{85}b", "^b", [multiline, {newline, any}]) end),
    show("bsr_anycrlf", fun() -> re:run("a\x{85}b", "a\\Rb", [bsr_anycrlf]) end),
    show("bsr_unicode", fun() -> re:run("a\x{85}b", "a\\Rb", [bsr_unicode]) end),
    show("backreference", fun() -> re:run("abcabc", "(abc)\\1", [{capture, all, list}]) end),
    show("lookaround", fun() -> re:run("price: $42", "(?<=\\$)\\d+(?!\\d)", [{capture, first, list}]) end).

global() ->
    show("global index", fun() -> re:run("a1b22c333", "\\d+", [global]) end),
    show("global list", fun() -> re:run("a1b22c333", "([a-z])(\\d+)", [global, {capture, all_but_first, list}]) end),
    show("global binary", fun() -> re:run(<<"k=v;x=y">>, "(\\w)=(\\w)", [global, {capture, [2, 1], binary}]) end),
    show("global empty matches", fun() -> re:run("abc", "x*", [global]) end),
    show("global empty and nonempty", fun() -> re:run("abc", "b*", [global, {capture, all, list}]) end),
    show("global crlf advance", fun() -> re:run("a\r\nb", "", [global, {newline, crlf}]) end),
    show("global offset", fun() -> re:run("aaaa", "a", [global, {offset, 2}]) end),
    show("global none", fun() -> re:run("aaaa", "a", [global, {capture, none}]) end),
    show("global nomatch", fun() -> re:run("aaaa", "b", [global]) end),
    show("global caseless", fun() -> re:run("aAa", "a", [global, caseless]) end).

names() ->
    P = "(?<year>\\d{4})-(?<month>\\d\\d)(-(?<day>\\d\\d))?",
    show("names atoms", fun() -> re:run("on 2024-05", P, [{capture, [year, month, day], list}]) end),
    show("names strings", fun() -> re:run("on 2024-05-17", P, [{capture, ["day", <<"year">>], binary}]) end),
    show("unknown name", fun() -> re:run("on 2024-05", P, [{capture, [nope, 1], index}]) end),
    show("all_names", fun() -> re:run("on 2024-05-17", P, [{capture, all_names, list}]) end),
    show("all_names without names", fun() -> re:run("abc", "(b)", [{capture, all_names}]) end),
    {ok, MP} = re:compile(P),
    show("inspect", fun() -> re:inspect(MP, namelist) end),
    D = "(?<n>a)|(?<m>b)|(?<n>c)",
    {ok, DP} = re:compile(D, [dupnames]),
    show("inspect dupnames", fun() -> re:inspect(DP, namelist) end),
    show("dupnames", fun() -> re:run("abc", DP, [global, {capture, [n, m], list}]) end),
    show("dupnames all_names", fun() -> re:run("c", DP, [{capture, all_names, index}]) end).

unicode() ->
    S = "héllo wörld ∑",
    B = unicode:characters_to_binary(S),
    show("unicode list subject", fun() -> re:run(S, "w.r", [unicode]) end),
    show("unicode list capture", fun() -> re:run(S, "w(.)r", [unicode, {capture, all, list}]) end),
    show("unicode binary capture", fun() -> re:run(B, "(\\S+)$", [unicode, {capture, all, binary}]) end),
    show("unicode binary list", fun() -> re:run(B, "h(.)l", [unicode, {capture, all_but_first, list}]) end),
    show("unicode global", fun() -> re:run(S, ".", [unicode, global, {capture, first, list}, {offset, 10}]) end),
    show("unicode empty global", fun() -> re:run("é∑", "", [unicode, global]) end),
    show("ucp word", fun() -> re:run(S, "\\w+", [unicode, ucp, global, {capture, all, list}]) end),
    show("ascii word", fun() -> re:run(S, "\\w+", [unicode, global, {capture, all, list}]) end),
    show("property", fun() -> re:run(S, "\\p{Sm}", [unicode]) end),
    show("caseless unicode", fun() -> re:run("ÉCOLE", "école", [unicode, caseless]) end),
    show("latin1 bytes", fun() -> re:run(<<"caf", 233>>, "f.", [{capture, all, list}]) end),
    show("unicode pattern list", fun() -> re:compile("∑+", [unicode]) =/= error end),
    {ok, UP} = re:compile("(ö+)", [unicode]),
    show("compiled unicode list", fun() -> re:run(S, UP, [{capture, all, list}]) end),
    show("invalid utf8", fun() -> re:run(<<255>>, "a", [unicode]) end),
    show("invalid utf8 compiled", fun() -> re:run(<<255>>, UP) end),
    show("characters above 255", fun() -> re:run([$a, 300], "a") end).

compiled() ->
    {ok, MP} = re:compile("(\\d+)-(\\d+)", []),
    show("tuple shape", fun() -> {element(1, MP), element(2, MP), element(3, MP), element(4, MP)} end),
    show("reuse 1", fun() -> re:run("10-20", MP, [{capture, all_but_first, list}]) end),
    show("reuse 2", fun() -> re:run("3-4 5-6", MP, [global, {capture, [2], list}]) end),
    Self = self(),
    Pid = spawn(fun() -> receive {P, From} -> From ! {self(), re:run("7-8", P, [{capture, all, list}])} end end),
    Pid ! {MP, Self},
    show("sent to a process", fun() -> receive {Pid, R} -> R end end),
    {ok, U} = re:compile("a", [unicode]),
    show("unicode tuple", fun() -> {element(3, U), element(4, element(2, re:compile("a", [{newline, crlf}])))} end),
    show("anchored at run", fun() -> re:run("ba", U, [anchored]) end),
    show("newline at run", fun() -> re:run("x\r\na", element(2, re:compile("^a", [multiline])), [{newline, cr}]) end),
    show("compile option at run", fun() -> re:run("a", U, [caseless]) end),
    show("run option at compile", fun() -> re:compile("a", [global]) end),
    show("forged pattern", fun() -> re:run("a", {re_pattern, 0, 0, 0, <<"nonsense">>}) end),
    show("inspect bad item", fun() -> re:inspect(MP, names) end),
    show("inspect not compiled", fun() -> re:inspect("a", namelist) end).

limits() ->
    Subject = lists:duplicate(28, $a) ++ "b",
    P = "^(a+)+$",
    show("match_limit", fun() -> re:run(Subject, P, [{match_limit, 1000}]) end),
    show("match_limit report", fun() -> re:run(Subject, P, [{match_limit, 1000}, report_errors]) end),
    show("match_limit_recursion report", fun() -> re:run(Subject, P, [{match_limit_recursion, 5}, report_errors]) end),
    show("match_limit global", fun() -> re:run(Subject, P, [{match_limit, 1000}, report_errors, global]) end),
    show("limit not reached", fun() -> re:run("aaa", P, [{match_limit, 1000}, report_errors]) end),
    show("negative limit", fun() -> re:run("a", "a", [{match_limit, -1}]) end).

%% The text of a compile error comes from the regex library: OTP 25 uses
%% PCRE 8.44 and Cordon uses PCRE2, whose messages and offsets differ, so
%% only the shape of the error is printed.
errors() ->
    show("compile error", fun() -> shape(re:compile("a(b")) end),
    show("run error", fun() -> re:run("a", "a(b") end),
    show("run error reported", fun() -> shape(re:run("a", "a(b", [report_errors])) end),
    show("bad option", fun() -> re:run("a", "a", [bogus]) end),
    show("bad option list", fun() -> re:run("a", "a", [global | bad]) end),
    show("bad capture", fun() -> re:run("a", "a", [{capture, all, text}]) end),
    show("bad capture value", fun() -> re:run("a", "(a)", [{capture, [-1]}]) end),
    show("bad offset", fun() -> re:run("a", "a", [{offset, -1}]) end),
    show("bad subject", fun() -> re:run(foo, "a") end),
    show("bitstring subject", fun() -> re:run(<<1:3>>, "a") end),
    show("bad pattern", fun() -> re:run("a", 42) end),
    show("bad newline", fun() -> re:compile("a", [{newline, lfcr}]) end),
    show("empty tuple option", fun() -> re:run("a", "a", [{}]) end).

shape({error, {compile, {Message, Offset}}}) when is_list(Message), is_integer(Offset) ->
    {error, {compile, {message, offset}}};
shape({error, {Message, Offset}}) when is_list(Message), is_integer(Offset) ->
    {error, {message, offset}};
shape(Other) ->
    Other.
