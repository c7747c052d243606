%% Buffered input for cordon_io_server: the get_line, get_chars and
%% get_until requests on standard input or on a file.
%%
%% The server's state map holds `buf`, bytes read from the device but not
%% yet consumed, in the device encoding (latin1, or unicode for UTF-8). A
%% request consumes from `buf` first and reads more only when `buf` cannot
%% satisfy it. Whatever a request leaves, such as the characters after the
%% end of a term that io:read/1 scanned, stays in `buf` for the next
%% request of any kind, as with OTP's user and file_io_server processes.
%%
%% Each function returns {Reply, State}. The caller checks get_until's
%% Module:Function against its allowlist before calling get_until/5.
-module(cordon_io_input).
-export([get_line/2, get_chars/3, get_until/5]).

%% Bytes asked of a file per read; standard input is read a line at a time.
-define(FILE_CHUNK, 8192).

get_line(Encoding, #{buf := Buf} = State) ->
    case binary:match(Buf, <<"\n">>) of
        {Pos, 1} ->
            <<Line:Pos/binary, $\n, Rest/binary>> = Buf,
            reply(Encoding, <<(strip_cr(Line))/binary, $\n>>, State#{buf := Rest});
        nomatch ->
            case read_chunk(State) of
                {ok, Data, State1} ->
                    get_line(Encoding, State1#{buf := <<Buf/binary, Data/binary>>});
                {eof, State1} when Buf =:= <<>> ->
                    {eof, State1};
                {eof, State1} ->
                    reply(Encoding, Buf, State1#{buf := <<>>});
                {error, Reason, State1} ->
                    {{error, Reason}, State1}
            end
    end.

%% OTP's io_lib:collect_line turns a "\r\n" line end into "\n".
strip_cr(Line) ->
    case byte_size(Line) of
        0 ->
            Line;
        Size ->
            case binary:last(Line) of
                $\r -> binary:part(Line, 0, Size - 1);
                _ -> Line
            end
    end.

get_chars(_Encoding, Count, State) when not is_integer(Count); Count < 0 ->
    {{error, get_chars}, State};
get_chars(Encoding, Count, #{buf := Buf, encoding := DeviceEncoding} = State) ->
    case split_chars(Buf, Count, DeviceEncoding) of
        {Chars, Rest} ->
            reply(Encoding, Chars, State#{buf := Rest});
        invalid ->
            {{error, {no_translation, DeviceEncoding, Encoding}}, State#{buf := <<>>}};
        more ->
            case read_chunk(State) of
                {ok, Data, State1} ->
                    get_chars(Encoding, Count, State1#{buf := <<Buf/binary, Data/binary>>});
                {eof, State1} when Buf =:= <<>> ->
                    {eof, State1};
                {eof, State1} ->
                    reply(Encoding, Buf, State1#{buf := <<>>});
                {error, Reason, State1} ->
                    {{error, Reason}, State1}
            end
    end.

%% Splits the first Count characters off Buf, or returns `more` when Buf
%% holds fewer.
split_chars(Buf, Count, latin1) when byte_size(Buf) >= Count ->
    split_binary(Buf, Count);
split_chars(_Buf, _Count, latin1) ->
    more;
split_chars(Buf, Count, unicode) ->
    case utf8_offset(Buf, Count, 0) of
        Offset when is_integer(Offset) -> split_binary(Buf, Offset);
        Other -> Other
    end.

utf8_offset(_Buf, 0, Offset) ->
    Offset;
utf8_offset(Buf, Count, Offset) ->
    case Buf of
        <<_:Offset/binary, Char/utf8, _/binary>> ->
            utf8_offset(Buf, Count - 1, Offset + utf8_size(Char));
        <<_:Offset/binary, Tail/binary>> when byte_size(Tail) < 4 ->
            %% No UTF-8 sequence is longer than 4 bytes, so a shorter tail
            %% may be the start of a character that the next read ends.
            more;
        _ ->
            invalid
    end.

utf8_size(Char) when Char < 16#80 -> 1;
utf8_size(Char) when Char < 16#800 -> 2;
utf8_size(Char) when Char < 16#10000 -> 3;
utf8_size(_Char) -> 4.

%% Feeds characters to Module:Function(Continuation, Chars, Args...) until
%% it returns {done, Result, Rest}, and keeps Rest buffered.
get_until(Encoding, Module, Function, Args, #{buf := <<>>} = State) ->
    case read_chunk(State) of
        {ok, Data, State1} -> until(Encoding, Module, Function, Args, [], Data, State1);
        %% OTP's file_io_server hands eof to the scanner, so io:read/3
        %% returns {eof, Line}; erl's user process replies eof itself.
        {eof, #{device := file} = State1} ->
            case scan(Module, Function, [[], eof | Args]) of
                {done, Result, _} -> {until_reply(Result, Encoding, State1), State1};
                {more, _} -> {eof, State1};
                failed -> {{error, Function}, State1}
            end;
        {eof, State1} -> {eof, State1};
        {error, Reason, State1} -> {{error, Reason}, State1}
    end;
get_until(Encoding, Module, Function, Args, #{buf := Buf} = State) ->
    until(Encoding, Module, Function, Args, [], Buf, State#{buf := <<>>}).

until(Encoding, Module, Function, Args, Continuation, Data, State) ->
    case decode(Data, State) of
        {Chars, Tail} ->
            Scanned = scan(Module, Function, [Continuation, Chars | Args]),
            until_result(Scanned, Encoding, Module, Function, Args, Tail, State);
        invalid ->
            {{error, {no_translation, maps:get(encoding, State), Encoding}}, State}
    end.

until_result({done, Result, Rest}, Encoding, _Module, _Function, _Args, Tail, State) ->
    Buf = <<(encode_rest(Rest, State))/binary, Tail/binary>>,
    {until_reply(Result, Encoding, State), State#{buf := Buf}};
until_result({more, Continuation}, Encoding, Module, Function, Args, Tail, State) ->
    case read_chunk(State) of
        {ok, Data, State1} ->
            until(Encoding, Module, Function, Args, Continuation,
                  <<Tail/binary, Data/binary>>, State1);
        {eof, State1} when Tail =:= <<>> ->
            case scan(Module, Function, [Continuation, eof | Args]) of
                {done, Result, _} -> {until_reply(Result, Encoding, State1), State1};
                {more, _} -> {eof, State1};
                failed -> {{error, Function}, State1}
            end;
        {eof, State1} ->
            {{error, {no_translation, maps:get(encoding, State1), Encoding}}, State1};
        {error, Reason, State1} ->
            {{error, Reason}, State1}
    end;
until_result(failed, _Encoding, _Module, Function, _Args, _Tail, State) ->
    {{error, Function}, State}.

%% A failing scanner, such as erl_scan missing without OTP, fails the
%% request, not the server.
scan(Module, Function, Args) ->
    try apply(Module, Function, Args) of
        {done, _, _} = Done -> Done;
        {more, _} = More -> More;
        _ -> failed
    catch
        _:_ -> failed
    end.

%% In binary mode a list result becomes a binary, as io_lib:get_until/4
%% does for OTP's servers.
until_reply(Result, Encoding, #{mode := binary}) when is_list(Result) ->
    case unicode:characters_to_binary(Result, unicode, Encoding) of
        Binary when is_binary(Binary) -> Binary;
        _ -> {error, {no_translation, unicode, Encoding}}
    end;
until_reply(Result, _Encoding, _State) ->
    Result.

%% Decodes the complete characters of Data in the device encoding and
%% returns them with the bytes of an unfinished UTF-8 character at the end.
decode(Data, #{encoding := latin1}) ->
    {binary_to_list(Data), <<>>};
decode(Data, #{encoding := unicode}) ->
    case unicode:characters_to_list(Data, unicode) of
        Chars when is_list(Chars) -> {Chars, <<>>};
        {incomplete, Chars, Tail} -> {Chars, Tail};
        {error, _, _} -> invalid
    end.

encode_rest(Rest, #{encoding := Encoding}) when is_list(Rest) ->
    case unicode:characters_to_binary(Rest, unicode, Encoding) of
        Binary when is_binary(Binary) -> Binary;
        _ -> <<>>
    end;
encode_rest(_Eof, _State) ->
    <<>>.

%% Converts Bytes, in the device encoding, to the reply for a request in
%% Encoding: a list of characters, or a binary in binary mode.
reply(Encoding, Bytes, #{encoding := DeviceEncoding, mode := Mode} = State) ->
    case convert(Bytes, DeviceEncoding, Encoding, Mode) of
        error -> {{error, {no_translation, DeviceEncoding, Encoding}}, State};
        Result -> {Result, State}
    end.

convert(Bytes, latin1, _Encoding, list) ->
    binary_to_list(Bytes);
convert(Bytes, latin1, latin1, binary) ->
    Bytes;
convert(Bytes, DeviceEncoding, Encoding, binary) ->
    case unicode:characters_to_binary(Bytes, DeviceEncoding, Encoding) of
        Binary when is_binary(Binary) -> Binary;
        _ -> error
    end;
convert(Bytes, unicode, Encoding, list) ->
    case unicode:characters_to_list(Bytes, unicode) of
        Chars when is_list(Chars), Encoding =:= unicode -> Chars;
        Chars when is_list(Chars) ->
            case lists:all(fun(C) -> C < 256 end, Chars) of
                true -> Chars;
                false -> error
            end;
        _ ->
            error
    end.

%% Reads more input: a line of standard input, or a chunk of a file.
%% Standard input stays at end of file once it reaches it, as erl's user
%% process does, but a file may grow, so a file is read again.
read_chunk(#{device := stdout, eof := true} = State) ->
    {eof, State};
read_chunk(#{device := stdout} = State) ->
    case cordon_native:read_line() of
        eof -> {eof, State#{eof := true}};
        {error, Reason} -> {error, Reason, State};
        Data -> {ok, Data, State}
    end;
read_chunk(#{device := file, handle := Handle} = State) ->
    case file:read(Handle, ?FILE_CHUNK) of
        {ok, Data} -> {ok, Data, State};
        eof -> {eof, State};
        {error, Reason} -> {error, Reason, State}
    end.
