%% The io_lib module Cordon carries for machines without OTP: formatting
%% (format/2, write/1,2, print/1,4 and friends), string and character
%% quoting, the printable-list tests and fread/2,3.
%%
%% When OTP is installed its io_lib comes first on the code path and this
%% module is never loaded. Formatting is done natively by cordon_native,
%% following OTP 25's io_lib_format and io_lib_pretty; the rest is written
%% here after OTP 25's documented behaviour.
%%
%% Not supported: the chars_limit option of format/3 and write/2 (the
%% output is not limited), scan_format/2, unscan_format/1, build_text/1,2,
%% and the collect_* and get_until functions that I/O servers use.
-module(io_lib).

-export([format/2, format/3, fwrite/2, fwrite/3, fread/2, fread/3]).
-export([write/1, write/2, write/3, print/1, print/4]).
-export([write_atom/1, write_atom_as_latin1/1, quote_atom/2]).
-export([write_string/1, write_string/2, write_string_as_latin1/1,
         write_string_as_latin1/2, write_latin1_string/1,
         write_latin1_string/2, write_unicode_string/1]).
-export([write_char/1, write_char_as_latin1/1, write_latin1_char/1,
         write_unicode_char/1]).
-export([char_list/1, latin1_char_list/1, deep_char_list/1,
         deep_latin1_char_list/1, deep_unicode_char_list/1]).
-export([printable_list/1, printable_latin1_list/1,
         printable_unicode_list/1]).
-export([nl/0, indentation/2, chars_length/1]).

%% ---- formatting ----

format(Format, Args) ->
    try cordon_native:format(Format, Args)
    catch
        _:_ -> erlang:error(badarg, [Format, Args])
    end.

format(Format, Args, Options) when is_list(Options) ->
    %% NOTE: chars_limit is checked but not applied.
    case chars_limit(Options) of
        Limit when is_integer(Limit) ->
            try cordon_native:format(Format, Args)
            catch
                _:_ -> erlang:error(badarg, [Format, Args, Options])
            end;
        badarg ->
            erlang:error(badarg, [Format, Args, Options])
    end;
format(Format, Args, Options) ->
    erlang:error(badarg, [Format, Args, Options]).

fwrite(Format, Args) ->
    try cordon_native:format(Format, Args)
    catch
        _:_ -> erlang:error(badarg, [Format, Args])
    end.

fwrite(Format, Args, Options) ->
    format(Format, Args, Options).

chars_limit(Options) ->
    case lists:keyfind(chars_limit, 1, Options) of
        false -> -1;
        {chars_limit, Limit} when is_integer(Limit), Limit >= -1 -> Limit;
        _ -> badarg
    end.

write(Term) ->
    cordon_native:write(Term, -1, latin1).

write(Term, Depth) when is_integer(Depth) ->
    cordon_native:write(Term, Depth, latin1);
write(Term, Options) when is_list(Options) ->
    Depth = option(depth, Options, -1),
    Encoding = option(encoding, Options, latin1),
    cordon_native:write(Term, Depth, Encoding).

%% The third argument selects pretty printing.
write(Term, Depth, true) ->
    print(Term, 1, 80, Depth);
write(Term, Depth, false) ->
    write(Term, Depth).

option(Name, Options, Default) ->
    case lists:keyfind(Name, 1, Options) of
        {Name, Value} -> Value;
        false -> Default
    end.

print(Term) ->
    print(Term, 1, 80, -1).

print(Term, Column, LineLength, Depth) ->
    cordon_native:print(Term, Column, LineLength, Depth).

%% ---- atoms ----

write_atom(Atom) ->
    cordon_native:write_atom(Atom, unicode).

write_atom_as_latin1(Atom) ->
    cordon_native:write_atom(Atom, latin1).

%% Returns true when the atom must be quoted. The characters are taken
%% from the atom itself.
quote_atom(Atom, Chars) when is_atom(Atom), is_list(Chars) ->
    case cordon_native:write_atom(Atom, unicode) of
        [$' | _] -> true;
        _ -> false
    end.

%% ---- strings and characters ----

write_string(String) ->
    write_string(String, $").

write_string(String, Quote) ->
    [Quote | quote_string(unicode_as_unicode, String, Quote)].

write_string_as_latin1(String) ->
    write_string_as_latin1(String, $").

write_string_as_latin1(String, Quote) ->
    [Quote | quote_string(unicode_as_latin1, String, Quote)].

write_latin1_string(String) ->
    write_latin1_string(String, $").

write_latin1_string(String, Quote) ->
    [Quote | quote_string(latin1, String, Quote)].

write_unicode_string(String) ->
    write_string(String).

quote_string(Mode, [C | Cs], Quote) ->
    string_char(Mode, C, Quote, quote_string(Mode, Cs, Quote));
quote_string(_Mode, [], Quote) ->
    [Quote].

%% Escapes one character of a quoted string, as io_lib does. Mode is
%% latin1 (characters above 255 are an error), unicode_as_unicode (kept)
%% or unicode_as_latin1 (written as \x{HEX}).
string_char(_Mode, Quote, Quote, Tail) -> [$\\, Quote | Tail];
string_char(_Mode, $\\, _Quote, Tail) -> [$\\, $\\ | Tail];
string_char(_Mode, C, _Quote, Tail) when C >= $\s, C =< $~ -> [C | Tail];
string_char(latin1, C, _Quote, Tail) when C >= 16#A0, C =< 16#FF -> [C | Tail];
string_char(unicode_as_unicode, C, _Quote, Tail) when C >= 16#A0 -> [C | Tail];
string_char(unicode_as_latin1, C, _Quote, Tail) when C >= 16#A0, C =< 16#FF ->
    [C | Tail];
string_char(unicode_as_latin1, C, _Quote, Tail) when C > 16#FF ->
    "\\x{" ++ erlang:integer_to_list(C, 16) ++ "}" ++ Tail;
string_char(_Mode, $\n, _Quote, Tail) -> [$\\, $n | Tail];
string_char(_Mode, $\r, _Quote, Tail) -> [$\\, $r | Tail];
string_char(_Mode, $\t, _Quote, Tail) -> [$\\, $t | Tail];
string_char(_Mode, $\v, _Quote, Tail) -> [$\\, $v | Tail];
string_char(_Mode, $\b, _Quote, Tail) -> [$\\, $b | Tail];
string_char(_Mode, $\f, _Quote, Tail) -> [$\\, $f | Tail];
string_char(_Mode, $\e, _Quote, Tail) -> [$\\, $e | Tail];
string_char(_Mode, $\d, _Quote, Tail) -> [$\\, $d | Tail];
string_char(_Mode, C, _Quote, Tail) when C < 16#A0 ->
    [$\\, (C bsr 6) + $0, ((C bsr 3) band 7) + $0, (C band 7) + $0 | Tail].

write_char($\s) ->
    "$\\s";
write_char(C) when is_integer(C), C >= 0 ->
    [$$ | string_char(unicode_as_unicode, C, -1, [])].

write_char_as_latin1(C) when is_integer(C), C >= 0 ->
    [$$ | string_char(unicode_as_latin1, C, -1, [])].

write_latin1_char(C) when is_integer(C), C >= 0, C =< 255 ->
    [$$ | string_char(latin1, C, -1, [])].

write_unicode_char(C) ->
    write_char(C).

%% ---- character lists ----

char_list([C | Cs]) when is_integer(C), C >= 0, C < 16#D800;
                         is_integer(C), C > 16#DFFF, C < 16#FFFE;
                         is_integer(C), C > 16#FFFF, C =< 16#10FFFF ->
    char_list(Cs);
char_list([]) -> true;
char_list(_) -> false.

latin1_char_list([C | Cs]) when is_integer(C), C >= 0, C =< 255 ->
    latin1_char_list(Cs);
latin1_char_list([]) -> true;
latin1_char_list(_) -> false.

deep_char_list(List) ->
    deep_list(List, fun(C) -> char_list([C]) end).

deep_latin1_char_list(List) ->
    deep_list(List, fun(C) -> latin1_char_list([C]) end).

deep_unicode_char_list(List) ->
    deep_char_list(List).

%% Returns true when List is a deep list whose leaves all pass IsChar.
deep_list(List, IsChar) ->
    deep_list(List, [], IsChar).

deep_list([C | Cs], More, IsChar) when is_list(C) ->
    deep_list(C, [Cs | More], IsChar);
deep_list([C | Cs], More, IsChar) ->
    IsChar(C) andalso deep_list(Cs, More, IsChar);
deep_list([], [Cs | More], IsChar) ->
    deep_list(Cs, More, IsChar);
deep_list([], [], _IsChar) ->
    true;
deep_list(_, _More, _IsChar) ->
    false.

printable_list(List) ->
    case io:printable_range() of
        latin1 -> printable_latin1_list(List);
        unicode -> printable_unicode_list(List)
    end.

printable_latin1_list([C | Cs]) when is_integer(C), C >= $\s, C =< $~ ->
    printable_latin1_list(Cs);
printable_latin1_list([C | Cs]) when is_integer(C), C >= 16#A0, C =< 16#FF ->
    printable_latin1_list(Cs);
printable_latin1_list([C | Cs]) when C =:= $\n; C =:= $\r; C =:= $\t; C =:= $\v;
                                     C =:= $\b; C =:= $\f; C =:= $\e ->
    printable_latin1_list(Cs);
printable_latin1_list([]) -> true;
printable_latin1_list(_) -> false.

printable_unicode_list([C | Cs]) when is_integer(C), C >= $\s, C =< $~ ->
    printable_unicode_list(Cs);
printable_unicode_list([C | Cs]) when is_integer(C), C >= 16#A0, C < 16#D800;
                                      is_integer(C), C > 16#DFFF, C < 16#FFFE;
                                      is_integer(C), C > 16#FFFF, C =< 16#10FFFF ->
    printable_unicode_list(Cs);
printable_unicode_list([C | Cs]) when C =:= $\n; C =:= $\r; C =:= $\t; C =:= $\v;
                                      C =:= $\b; C =:= $\f; C =:= $\e ->
    printable_unicode_list(Cs);
printable_unicode_list([]) -> true;
printable_unicode_list(_) -> false.

nl() ->
    "\n".

%% Returns the column after writing Chars from column Column.
indentation([$\n | Cs], _Column) ->
    indentation(Cs, 0);
indentation([$\t | Cs], Column) ->
    indentation(Cs, ((Column + 8) div 8) * 8);
indentation([C | Cs], Column) when is_integer(C) ->
    indentation(Cs, Column + 1);
indentation([C | Cs], Column) ->
    indentation(Cs, indentation(C, Column));
indentation([], Column) ->
    Column.

chars_length(Chars) ->
    cordon_native:chars_length(Chars).

%% ---- fread ----

%% Reads String by the control sequences of Format, as io_lib:fread/2
%% does: returns {ok, Values, Rest}, {more, RestFormat, Count, Values} when
%% the input ends before the format, or {error, {fread, What}}.
fread(Format, String) ->
    fread(Format, String, 0, []).

%% The get_until form that I/O servers call: gathers input until it holds
%% a complete line, then reads it. The input after the fields read stays
%% for the next request; an error consumes the line.
fread(Continuation, eof, Format) ->
    case Continuation of
        [] ->
            {done, eof, eof};
        {Chars} ->
            case fread(Format, Chars) of
                {ok, Values, _Rest} -> {done, {ok, Values}, eof};
                {error, _} = Error -> {done, Error, eof};
                {more, _, _, _} -> {done, {error, {fread, input}}, eof}
            end
    end;
fread(Continuation, Chars0, Format) ->
    Chars = case Continuation of
                [] -> Chars0;
                {Previous} -> Previous ++ Chars0
            end,
    case lists:member($\n, Chars) of
        false ->
            {more, {Chars}};
        true ->
            case fread(Format, Chars) of
                {ok, Values, Rest} -> {done, {ok, Values}, Rest};
                {error, _} = Error -> {done, Error, after_line(Chars)};
                {more, _, _, _} -> {more, {Chars}}
            end
    end.

%% The input after the current line, which the read consumed.
after_line([$\n | Rest]) -> Rest;
after_line([_ | Rest]) -> after_line(Rest);
after_line([]) -> [].

fread([$~ | Format0] = Format, Input, Count, Values) ->
    case fread_spec(Format0, false, none, false) of
        {Control, Suppress, Width, Format1} when Input =/= []; Control =:= $l ->
            case fread_field(Control, Width, Input, Count) of
                {ok, _Value, Input1, Count1} when Suppress ->
                    fread(Format1, Input1, Count1, Values);
                {ok, Value, Input1, Count1} ->
                    fread(Format1, Input1, Count1, [Value | Values]);
                {skip, Input1, Count1} ->
                    fread(Format1, Input1, Count1, Values);
                {error, _} = Error ->
                    Error
            end;
        {_Control, _Suppress, _Width, _Format1} ->
            {more, Format, Count, Values};
        error ->
            {error, {fread, format}}
    end;
fread([C | Format], Input, Count, Values) when C =:= $\s; C =:= $\t; C =:= $\n ->
    {Input1, Count1} = skip_white(Input, Count),
    fread(Format, Input1, Count1, Values);
fread([C | Format], [C | Input], Count, Values) ->
    fread(Format, Input, Count + 1, Values);
fread([_ | _] = Format, [], Count, Values) ->
    {more, Format, Count, Values};
fread([_ | _], _Input, _Count, _Values) ->
    {error, {fread, input}};
fread([], Input, _Count, Values) ->
    {ok, lists:reverse(Values), Input}.

%% Parses ~*Wt followed by a control character.
fread_spec([$* | Format], false, none, false) ->
    fread_spec(Format, true, none, false);
fread_spec([C | Format], Suppress, Width, false) when C >= $0, C =< $9 ->
    Width1 = case Width of none -> 0; _ -> Width end,
    fread_spec(Format, Suppress, Width1 * 10 + C - $0, false);
fread_spec([$t | Format], Suppress, Width, false) ->
    fread_spec(Format, Suppress, Width, true);
fread_spec([C | Format], Suppress, Width, Unicode) ->
    case lists:member(C, "dufs-#acl~") of
        true when Unicode, C =/= $s, C =/= $a, C =/= $c -> error;
        true -> {C, Suppress, Width, Format};
        false -> error
    end;
fread_spec([], _Suppress, _Width, _Unicode) ->
    error.

fread_field($~, _Width, [$~ | Input], Count) ->
    {skip, Input, Count + 1};
fread_field($~, _Width, _Input, _Count) ->
    {error, {fread, input}};
fread_field($d, Width, Input, Count) ->
    {Field, Rest} = field(Width, Input),
    {Sign, Digits, _} = sign(Field),
    case take_while(fun is_digit/1, Digits) of
        {[], _} ->
            {error, {fread, integer}};
        {Number, Unused} ->
            read(Sign * list_to_integer(Number), Input, Unused ++ Rest, Count)
    end;
fread_field($u, Width, Input, Count) ->
    Base = case Width of none -> 10; _ -> Width end,
    case Base >= 2 andalso Base =< 36 of
        true ->
            case take_while(digit_test(Base), Input) of
                {[], _} ->
                    {error, {fread, unsigned}};
                {Digits, Rest} ->
                    case catch list_to_integer(Digits, Base) of
                        Value when is_integer(Value) -> read(Value, Input, Rest, Count);
                        _ -> {error, {fread, unsigned}}
                    end
            end;
        false ->
            {error, {fread, format}}
    end;
fread_field($-, _Width, [$- | Input], Count) ->
    {ok, -1, Input, Count + 1};
fread_field($-, _Width, [$+ | Input], Count) ->
    {ok, 1, Input, Count + 1};
fread_field($-, _Width, Input, Count) ->
    {ok, 1, Input, Count};
fread_field($#, Width, Input, Count) ->
    {Field, Rest} = field(Width, Input),
    {Sign, Unsigned, _} = sign(Field),
    case take_while(fun is_digit/1, Unsigned) of
        {[_ | _] = BaseDigits, [$# | After]} ->
            Base = list_to_integer(BaseDigits),
            case Base >= 2 andalso Base =< 36 of
                true -> based(Sign, Base, After, Rest, Input, Count);
                false -> {error, {fread, based}}
            end;
        _ ->
            {error, {fread, based}}
    end;
fread_field($f, Width, Input, Count) ->
    {Field, Rest} = field(Width, Input),
    case float_prefix(Field) of
        {Text, Unused} ->
            case catch list_to_float(Text) of
                Value when is_float(Value) -> read(Value, Input, Unused ++ Rest, Count);
                _ -> {error, {fread, float}}
            end;
        error ->
            {error, {fread, float}}
    end;
fread_field($s, Width, Input, Count) ->
    case string_field(Width, Input) of
        {ok, String, Rest} -> read(String, Input, Rest, Count);
        error -> {error, {fread, string}}
    end;
fread_field($a, Width, Input, Count) ->
    case string_field(Width, Input) of
        {ok, String, Rest} -> read(list_to_atom(String), Input, Rest, Count);
        error -> {error, {fread, atom}}
    end;
fread_field($c, Width, Input, Count) ->
    N = case Width of none -> 1; _ -> Width end,
    case take(N, Input) of
        {Chars, Rest} when length(Chars) =:= N -> read(Chars, Input, Rest, Count);
        _ -> {error, {fread, character}}
    end;
fread_field($l, _Width, Input, Count) ->
    {ok, Count, Input, Count}.

%% The characters of a field: Width characters (white space included) or
%% all of the input, with leading white space skipped.
field(Width, Input) ->
    {Field, Rest} = take(Width, Input),
    {Field1, _} = skip_white(Field, 0),
    {Field1, Rest}.

%% Returns the value read, with the count advanced past what was taken.
read(Value, Input, Rest, Count) ->
    {ok, Value, Rest, Count + length(Input) - length(Rest)}.

based(Sign, Base, After, FieldRest, Input, Count) ->
    case take_while(digit_test(36), After) of
        {[], _} ->
            {error, {fread, based}};
        {Digits, Unused} ->
            case catch list_to_integer(Digits, Base) of
                Value when is_integer(Value) ->
                    read(Sign * Value, Input, Unused ++ FieldRest, Count);
                _ -> {error, {fread, based}}
            end
    end.

%% A string field: Width characters (white space included) with the
%% white space around them dropped, or the characters from the first that
%% is not white space up to the next that is.
string_field(none, Input) ->
    {Chars, _} = skip_white(Input, 0),
    {String, Rest} = take_while(fun(C) -> not is_white(C) end, Chars),
    {ok, String, Rest};
string_field(Width, Input) ->
    case take(Width, Input) of
        {Chars, Rest} when length(Chars) =:= Width ->
            {Trimmed, _} = skip_white(Chars, 0),
            {ok, lists:reverse(drop_white(lists:reverse(Trimmed))), Rest};
        _ ->
            error
    end.

drop_white([C | Cs] = Chars) ->
    case is_white(C) of
        true -> drop_white(Cs);
        false -> Chars
    end;
drop_white([]) ->
    [].

%% Splits off the longest prefix in Erlang float syntax:
%% [+-]Digits.Digits[(e|E)[+-]Digits].
float_prefix(Chars) ->
    {Sign, Unsigned, _} = sign(Chars),
    SignText = case Sign of -1 -> "-"; 1 -> "" end,
    case take_while(fun is_digit/1, Unsigned) of
        {[_ | _] = Whole, [$. | AfterPoint]} ->
            case take_while(fun is_digit/1, AfterPoint) of
                {[_ | _] = Fraction, AfterFraction} ->
                    {Exponent, Rest} = float_exponent(AfterFraction),
                    {SignText ++ Whole ++ "." ++ Fraction ++ Exponent, Rest};
                _ ->
                    error
            end;
        _ ->
            error
    end.

float_exponent([E | After]) when E =:= $e; E =:= $E ->
    {Sign, Unsigned, _} = sign(After),
    case take_while(fun is_digit/1, Unsigned) of
        {[_ | _] = Digits, Rest} ->
            SignText = case Sign of -1 -> "-"; 1 -> "" end,
            {"e" ++ SignText ++ Digits, Rest};
        _ ->
            {"", [E | After]}
    end;
float_exponent(Rest) ->
    {"", Rest}.

%% Splits an optional sign off: {1 | -1, Rest, SignCharacters}.
sign([$- | Rest]) -> {-1, Rest, "-"};
sign([$+ | Rest]) -> {1, Rest, "+"};
sign(Rest) -> {1, Rest, ""}.

take(none, Input) ->
    {Input, []};
take(N, Input) ->
    take(N, Input, []).

take(0, Input, Acc) ->
    {lists:reverse(Acc), Input};
take(N, [C | Input], Acc) ->
    take(N - 1, Input, [C | Acc]);
take(_N, Input, Acc) ->
    {lists:reverse(Acc), Input}.

take_while(Pred, List) ->
    take_while(Pred, List, []).

take_while(Pred, [C | Cs] = List, Acc) ->
    case Pred(C) of
        true -> take_while(Pred, Cs, [C | Acc]);
        false -> {lists:reverse(Acc), List}
    end;
take_while(_Pred, Rest, Acc) ->
    {lists:reverse(Acc), Rest}.

skip_white([C | Cs] = Input, Count) ->
    case is_white(C) of
        true -> skip_white(Cs, Count + 1);
        false -> {Input, Count}
    end;
skip_white(Input, Count) ->
    {Input, Count}.

is_white(C) ->
    C =:= $\s orelse C =:= $\t orelse C =:= $\n orelse C =:= $\r.

is_digit(C) ->
    is_integer(C) andalso C >= $0 andalso C =< $9.

%% Characters that may be digits: 0-9 up to base 10, also letters above.
digit_test(Base) when Base =< 10 ->
    fun is_digit/1;
digit_test(_Base) ->
    fun(C) ->
            is_digit(C) orelse (is_integer(C) andalso
                                ((C >= $a andalso C =< $z) orelse
                                 (C >= $A andalso C =< $Z)))
    end.
