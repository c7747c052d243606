%% The I/O servers Cordon starts: `user`, the group leader of every
%% process, answers the Erlang I/O protocol on the VM's standard input and
%% output, and `standard_error` writes to standard error.
%%
%% Like erl's `user` process under -noshell, they use the latin1 encoding:
%% characters above 255 are written as \x{HEX}.
%%
%% Requests that carry a Module, Function and Args for the server to apply
%% are answered only for the formatting and scanning functions that OTP's
%% io module sends. These servers run without a call policy, and any
%% process holding their pid may send requests, so applying an arbitrary
%% function here would let a restricted process run it unrestricted.
-module(cordon_io_server).
-export([start/1]).

%% Device is stdout or stderr.
start(Device) ->
    loop(Device).

loop(Device) ->
    receive
        %% The reply goes to a pid only: a registered name as From would
        %% let a process send to a name its policy does not grant.
        {io_request, From, ReplyAs, Request} when is_pid(From) ->
            Reply = request(Device, Request),
            From ! {io_reply, ReplyAs, Reply},
            loop(Device);
        _Other ->
            loop(Device)
    end.

request(Device, {put_chars, Encoding, Chars}) ->
    put_chars(Device, Encoding, Chars);
request(Device, {put_chars, Encoding, Module, Function, Args})
  when is_list(Args) ->
    case is_formatter(Module, Function, length(Args)) of
        true -> apply_put_chars(Device, Encoding, Module, Function, Args);
        false -> {error, request}
    end;
request(Device, {requests, Requests}) ->
    requests(Device, Requests, ok);
request(_Device, Request) ->
    input_request(Request).

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

apply_put_chars(Device, Encoding, Module, Function, Args) ->
    try apply(Module, Function, Args) of
        Chars -> put_chars(Device, Encoding, Chars)
    catch
        %% OTP's user process replies {error, put_chars} here too.
        _:_ -> {error, put_chars}
    end.

input_request({get_line, Encoding, _Prompt}) ->
    get_line(Encoding);
input_request({get_chars, Encoding, _Prompt, Count}) ->
    get_chars(Encoding, Count);
input_request({get_until, Encoding, _Prompt, Module, Function, Args})
  when is_list(Args) ->
    case is_scanner(Module, Function, length(Args) + 2) andalso not has_fun(Args) of
        true -> get_until(Encoding, Module, Function, Args, []);
        false -> {error, request}
    end;
input_request({setopts, _Options}) ->
    ok;
input_request(getopts) ->
    [{binary, false}, {encoding, latin1}];
input_request({get_geometry, _}) ->
    {error, enotsup};
input_request(_) ->
    {error, request}.

requests(_Device, [], Result) ->
    Result;
requests(Device, [Request | Rest], ok) ->
    requests(Device, Rest, request(Device, Request));
requests(_Device, _, Result) ->
    Result.

put_chars(Device, unicode, Chars) ->
    case catch unicode:characters_to_list(Chars, unicode) of
        List when is_list(List) ->
            write(Device, to_latin1(List, []));
        _ ->
            {error, put_chars}
    end;
put_chars(Device, latin1, Chars) ->
    try iolist_to_binary(Chars) of
        Binary -> write(Device, Binary)
    catch
        _:_ -> {error, put_chars}
    end.

write(stdout, Binary) ->
    cordon_native:write_stdout(Binary),
    ok;
write(stderr, Binary) ->
    cordon_native:write_stderr(Binary),
    ok.

to_latin1([], Acc) ->
    list_to_binary(lists:reverse(Acc));
to_latin1([C | Rest], Acc) when C < 256 ->
    to_latin1(Rest, [C | Acc]);
to_latin1([C | Rest], Acc) ->
    Escaped = "\\x{" ++ integer_to_list(C, 16) ++ "}",
    to_latin1(Rest, lists:reverse(Escaped, Acc)).

get_line(Encoding) ->
    case cordon_native:read_line() of
        eof -> eof;
        {error, Reason} -> {error, Reason};
        Line -> decode(Encoding, Line)
    end.

get_chars(Encoding, Count) ->
    case cordon_native:read_chars(Count) of
        eof -> eof;
        {error, Reason} -> {error, Reason};
        Data -> decode(Encoding, Data)
    end.

decode(unicode, Binary) ->
    case unicode:characters_to_list(Binary, unicode) of
        List when is_list(List) -> List;
        _ -> binary_to_list(Binary)
    end;
decode(latin1, Binary) ->
    binary_to_list(Binary).

%% get_until feeds lines to Module:Function until it returns {done, ...}.
%% TODO: characters left over after {done, Result, Rest} are dropped; they
%% should stay buffered for the next read request.
get_until(Encoding, Module, Function, Args, State) ->
    Data = case cordon_native:read_line() of
               eof -> eof;
               {error, _} -> eof;
               Line -> decode(Encoding, Line)
           end,
    %% A failing Module:Function (such as erl_scan missing without OTP)
    %% fails the request, not the server.
    try apply(Module, Function, [State, Data | Args]) of
        {done, Result, _Rest} -> Result;
        {more, NewState} when Data =:= eof -> get_until_eof(Module, Function, Args, NewState);
        {more, NewState} -> get_until(Encoding, Module, Function, Args, NewState)
    catch
        _:_ -> {error, Function}
    end.

get_until_eof(Module, Function, Args, State) ->
    try apply(Module, Function, [State, eof | Args]) of
        {done, Result, _Rest} -> Result;
        {more, _} -> eof
    catch
        _:_ -> {error, Function}
    end.
