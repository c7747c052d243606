%% The I/O servers Cordon starts: `user`, the group leader of every
%% process, answers the Erlang I/O protocol on the VM's standard input and
%% output; `standard_error` writes to standard error; and file:open/2
%% without `raw` starts one server per open file.
%%
%% Like erl's `user` process under -noshell, the standard devices start in
%% the latin1 encoding, where characters above 255 are written as \x{HEX};
%% io:setopts/1 can switch them to unicode (UTF-8). A file's encoding comes
%% from the {encoding, E} option of file:open/2. Input is buffered by
%% cordon_io_input.
%%
%% Requests that carry a Module, Function and Args for the server to apply
%% are answered only for the formatting and scanning functions that OTP's
%% io module sends. These servers run without a call policy, and any
%% process holding their pid may send requests, so applying an arbitrary
%% function here would let a restricted process run it unrestricted.
-module(cordon_io_server).
-export([start/1, start_file/4]).

%% Device is stdout or stderr.
start(Device) ->
    loop(#{device => Device, buf => <<>>, eof => false,
           encoding => latin1, mode => list}).

%% Serves a file opened by file:open/2, which put the file in this
%% process's table of raw files under Ref; the file closes when this
%% process ends. Like OTP's file_io_server, the server ends when its
%% owner, the process that opened the file, ends.
start_file(Owner, Ref, Encoding, Mode) ->
    Monitor = erlang:monitor(process, Owner),
    Handle = {file_descriptor, prim_file, {Ref, self()}},
    loop(#{device => file, handle => Handle, owner => Monitor, buf => <<>>,
           eof => false, encoding => Encoding, mode => Mode}).

loop(State) ->
    receive
        %% The reply goes to a pid only: a registered name as From would
        %% let a process send to a name its policy does not grant.
        {io_request, From, ReplyAs, Request} when is_pid(From) ->
            answer(From, io_reply, ReplyAs, io_request(Request, State));
        {file_request, From, ReplyAs, Request} when is_pid(From) ->
            answer(From, file_reply, ReplyAs, file_request(Request, State));
        {'DOWN', Monitor, process, _, Reason} when Monitor =:= map_get(owner, State) ->
            exit(Reason);
        _Other ->
            loop(State)
    end.

answer(From, Tag, ReplyAs, {reply, Reply, State}) ->
    From ! {Tag, ReplyAs, Reply},
    loop(State);
answer(From, Tag, ReplyAs, {stop, Reason, Reply}) ->
    From ! {Tag, ReplyAs, Reply},
    exit(Reason).

%% ---- the I/O protocol ----

io_request({put_chars, Encoding, Chars}, State) ->
    put_chars(Encoding, Chars, State);
io_request({put_chars, Encoding, Module, Function, Args}, State) when is_list(Args) ->
    case is_formatter(Module, Function, length(Args)) of
        true -> apply_put_chars(Encoding, Module, Function, Args, State);
        false -> {reply, {error, request}, State}
    end;
io_request({requests, Requests}, State) when is_list(Requests) ->
    requests(Requests, {reply, ok, State});
io_request({setopts, Options}, State) when is_list(Options) ->
    setopts(Options, State);
io_request(getopts, #{encoding := Encoding, mode := Mode} = State) ->
    {reply, [{binary, Mode =:= binary}, {encoding, Encoding}], State};
io_request({get_geometry, _}, State) ->
    {reply, {error, enotsup}, State};
%% The requests of OTP releases before R13, which carry no encoding.
io_request({put_chars, Chars}, State) ->
    io_request({put_chars, latin1, Chars}, State);
io_request({put_chars, Module, Function, Args}, State) ->
    io_request({put_chars, latin1, Module, Function, Args}, State);
io_request({get_line, Prompt}, State) ->
    io_request({get_line, latin1, Prompt}, State);
io_request({get_chars, Prompt, Count}, State) ->
    io_request({get_chars, latin1, Prompt, Count}, State);
io_request({get_until, Prompt, Module, Function, Args}, State) ->
    io_request({get_until, latin1, Prompt, Module, Function, Args}, State);
io_request(Request, #{device := Device} = State) when Device =/= stderr ->
    input_request(Request, State);
io_request(_Request, State) ->
    {reply, {error, request}, State}.

%% The functions io sends in put_chars requests. They print funs in their
%% arguments but never call them.
is_formatter(io_lib, format, 2) -> true;
is_formatter(io_lib, fwrite, 2) -> true;
is_formatter(io_lib, write, 1) -> true;
is_formatter(io_lib, write, 2) -> true;
is_formatter(io_lib, print, 1) -> true;
is_formatter(_, _, _) -> false.

%% The functions io sends in get_until requests; the server adds two
%% arguments, the continuation and the input, to Args.
is_scanner(erl_scan, tokens, Arity) -> Arity >= 3 andalso Arity =< 5;
is_scanner(io_lib, fread, 3) -> true;
is_scanner(io_lib, collect_line, Arity) -> Arity =:= 3 orelse Arity =:= 4;
is_scanner(io_lib, collect_chars, Arity) -> Arity =:= 3 orelse Arity =:= 4;
is_scanner(_, _, _) -> false.

%% Whether a term holds a fun at any depth. Scanner options such as
%% erl_scan's reserved_word_fun are called by the scanner, so they would
%% run here, in a process without a policy.
has_fun(F) when is_function(F) -> true;
has_fun([H | T]) -> has_fun(H) orelse has_fun(T);
has_fun(T) when is_tuple(T) -> has_fun(tuple_to_list(T));
has_fun(M) when is_map(M) -> has_fun(maps:to_list(M));
has_fun(_) -> false.

apply_put_chars(Encoding, Module, Function, Args, State) ->
    try apply(Module, Function, Args) of
        Chars -> put_chars(Encoding, Chars, State)
    catch
        %% OTP's user process replies {error, put_chars} here too.
        _:_ -> {reply, {error, put_chars}, State}
    end.

requests([], Result) ->
    Result;
requests([Request | Rest], {reply, ok, State}) ->
    requests(Rest, io_request(Request, State));
requests(_, Result) ->
    Result.

input_request({get_line, Encoding, Prompt}, State) ->
    input(Prompt, fun cordon_io_input:get_line/2, [Encoding], State);
input_request({get_chars, Encoding, Prompt, Count}, State) ->
    input(Prompt, fun cordon_io_input:get_chars/3, [Encoding, Count], State);
input_request({get_until, Encoding, Prompt, Module, Function, Args}, State)
  when is_list(Args) ->
    case is_scanner(Module, Function, length(Args) + 2) andalso not has_fun(Args) of
        true ->
            input(Prompt, fun cordon_io_input:get_until/5,
                  [Encoding, Module, Function, Args], State);
        false ->
            {reply, {error, request}, State}
    end;
input_request(_Request, State) ->
    {reply, {error, request}, State}.

%% Writes the prompt on standard output, as erl's user process does under
%% -noshell, then reads. Files ignore prompts.
input(Prompt, Read, Args, #{device := Device} = State) ->
    case Device of
        stdout -> write_prompt(Prompt, State);
        file -> ok
    end,
    {Reply, State1} = apply(Read, Args ++ [State]),
    {reply, Reply, State1}.

write_prompt('', _State) ->
    ok;
write_prompt(Prompt, State) ->
    _ = put_chars(unicode, prompt_chars(Prompt, State), State),
    ok.

%% Formats a prompt as OTP 25's io_lib:format_prompt/2 does: {format,
%% Format, Args}, a string, atom or binary as with ~s, anything else as
%% with ~p, and "???" when the format fails.
prompt_chars(Prompt, #{encoding := Encoding}) ->
    {Format, Args} =
        case Prompt of
            {format, F, A} -> {F, A};
            _ when is_list(Prompt); is_atom(Prompt); is_binary(Prompt) ->
                {with_modifier(Encoding, "s"), [Prompt]};
            _ ->
                {with_modifier(Encoding, "p"), [Prompt]}
        end,
    try io_lib:format(Format, Args)
    catch
        _:_ -> "???"
    end.

with_modifier(latin1, Control) -> "~" ++ Control;
with_modifier(_, Control) -> "~t" ++ Control.

%% When an option is given twice the first one counts, as with OTP's
%% servers, which look options up with proplists:get_value/2.
setopts(Options, #{encoding := Encoding, mode := Mode} = State) ->
    case parse_options(lists:reverse(Options), Encoding, Mode) of
        {ok, NewEncoding, NewMode} ->
            {reply, ok, State#{encoding := NewEncoding, mode := NewMode}};
        {error, badarg} when map_get(device, State) =/= file ->
            %% erl's user process rejects an unknown encoding as it
            %% rejects an unknown option.
            {reply, {error, enotsup}, State};
        Error ->
            {reply, Error, State}
    end.

parse_options([], Encoding, Mode) ->
    {ok, Encoding, Mode};
parse_options([binary | Rest], Encoding, _) ->
    parse_options(Rest, Encoding, binary);
parse_options([list | Rest], Encoding, _) ->
    parse_options(Rest, Encoding, list);
parse_options([{binary, true} | Rest], Encoding, _) ->
    parse_options(Rest, Encoding, binary);
parse_options([{binary, false} | Rest], Encoding, _) ->
    parse_options(Rest, Encoding, list);
parse_options([Encoding | Rest], _, Mode) when Encoding =:= latin1; Encoding =:= unicode ->
    parse_options(Rest, Encoding, Mode);
parse_options([{encoding, latin1} | Rest], _, Mode) ->
    parse_options(Rest, latin1, Mode);
parse_options([{encoding, Encoding} | Rest], _, Mode)
  when Encoding =:= unicode; Encoding =:= utf8 ->
    parse_options(Rest, unicode, Mode);
%% NOTE: OTP's file_io_server also takes the UTF-16 and UTF-32
%% encodings; Cordon's servers take only latin1 and UTF-8.
parse_options([{encoding, _} | _], _, _) ->
    {error, badarg};
parse_options(_, _, _) ->
    {error, enotsup}.

%% ---- output ----

put_chars(Encoding, Chars, State0) ->
    case drop_read_ahead(State0) of
        {ok, State} ->
            case encode_output(Encoding, Chars, State) of
                {ok, Bytes} -> write(Bytes, State);
                {error, Reason} -> output_error(Reason, State)
            end;
        {error, Reason} ->
            {stop, Reason, {error, Reason}}
    end.

%% A file server that failed to translate its output ends, as OTP's
%% file_io_server does; the standard devices go on.
output_error(Reason, #{device := file}) ->
    {stop, no_translation, {error, Reason}};
output_error(_Reason, State) ->
    {reply, {error, put_chars}, State}.

encode_output(unicode, Chars, #{device := Device, encoding := latin1})
  when Device =/= file ->
    case catch unicode:characters_to_list(Chars, unicode) of
        List when is_list(List) -> {ok, to_latin1(List, [])};
        _ -> {error, put_chars}
    end;
encode_output(latin1, Chars, #{encoding := latin1}) ->
    try iolist_to_binary(Chars) of
        Binary -> {ok, Binary}
    catch
        _:_ -> {error, put_chars}
    end;
encode_output(Encoding, Chars, #{encoding := DeviceEncoding}) ->
    case catch unicode:characters_to_binary(Chars, Encoding, DeviceEncoding) of
        Binary when is_binary(Binary) -> {ok, Binary};
        _ -> {error, {no_translation, Encoding, DeviceEncoding}}
    end.

to_latin1([], Acc) ->
    list_to_binary(lists:reverse(Acc));
to_latin1([C | Rest], Acc) when C < 256 ->
    to_latin1(Rest, [C | Acc]);
to_latin1([C | Rest], Acc) ->
    Escaped = "\\x{" ++ integer_to_list(C, 16) ++ "}",
    to_latin1(Rest, lists:reverse(Escaped, Acc)).

write(Binary, #{device := stdout} = State) ->
    cordon_native:write_stdout(Binary),
    {reply, ok, State};
write(Binary, #{device := stderr} = State) ->
    cordon_native:write_stderr(Binary),
    {reply, ok, State};
write(Binary, #{device := file, handle := Handle} = State) ->
    case file:write(Handle, Binary) of
        ok -> {reply, ok, State};
        {error, Reason} -> {stop, Reason, {error, Reason}}
    end.

%% Moves a file back over the bytes read ahead into the buffer, so that a
%% write or a truncate happens at the position the reader has reached.
drop_read_ahead(#{buf := <<>>} = State) ->
    {ok, State};
drop_read_ahead(#{device := file, handle := Handle, buf := Buf} = State) ->
    case file:position(Handle, {cur, -byte_size(Buf)}) of
        {ok, _} -> {ok, State#{buf := <<>>}};
        {error, Reason} -> {error, Reason}
    end;
drop_read_ahead(State) ->
    {ok, State}.

%% ---- file requests, from the file module ----

file_request(Request, #{device := file} = State) ->
    file_op(Request, State);
file_request(Request, State) ->
    {reply, {error, {request, Request}}, State}.

file_op(close, #{handle := Handle}) ->
    case file:close(Handle) of
        ok -> {stop, normal, ok};
        {error, Reason} = Error -> {stop, Reason, Error}
    end;
file_op({position, At}, State) ->
    case position(At, State) of
        {ok, _} = Reply -> {reply, Reply, State#{buf := <<>>}};
        Error -> {reply, Error, State}
    end;
file_op({pread, At, Size}, State) ->
    case position(At, State) of
        {ok, _} ->
            case cordon_io_input:get_chars(latin1, Size, State#{buf := <<>>}) of
                {eof, State1} -> {reply, eof, State1};
                {{error, _} = Error, State1} -> {reply, Error, State1};
                {Data, State1} -> {reply, {ok, Data}, State1}
            end;
        Error ->
            {reply, Error, State}
    end;
file_op({pwrite, At, Data}, State) ->
    case position(At, State) of
        {ok, _} -> put_chars(latin1, Data, State#{buf := <<>>});
        Error -> {reply, Error, State}
    end;
file_op(truncate, State0) ->
    case drop_read_ahead(State0) of
        {ok, #{handle := Handle} = State} -> {reply, file:truncate(Handle), State};
        {error, Reason} -> {stop, Reason, {error, Reason}}
    end;
file_op(sync, #{handle := Handle} = State) ->
    {reply, file:sync(Handle), State};
file_op(datasync, #{handle := Handle} = State) ->
    {reply, file:datasync(Handle), State};
file_op({advise, Offset, Length, Advice}, #{handle := Handle} = State) ->
    {reply, file:advise(Handle, Offset, Length, Advice), State};
file_op({allocate, Offset, Length}, #{handle := Handle} = State) ->
    {reply, file:allocate(Handle, Offset, Length), State};
file_op({read_handle_info, Options}, #{handle := Handle} = State) ->
    {reply, file:read_file_info(Handle, Options), State};
file_op(Request, State) ->
    {reply, {error, {request, Request}}, State}.

%% Positions relative to the current position count from where the reader
%% is, before the bytes read ahead into the buffer.
position(At, #{handle := Handle, buf := Buf}) ->
    Ahead = byte_size(Buf),
    Target = case At of
                 cur -> {cur, -Ahead};
                 {cur, Offset} when is_integer(Offset) -> {cur, Offset - Ahead};
                 _ -> At
             end,
    file:position(Handle, Target).
