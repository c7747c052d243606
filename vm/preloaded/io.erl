%% The io module Cordon carries for machines without OTP.
%%
%% When OTP is installed its io module comes first on the code path and
%% this one is never loaded. Requests follow the Erlang I/O protocol as
%% OTP 25's io does: {io_request, self(), Ref, Request} goes to the device,
%% a pid or a registered name (standard_io being the group leader), and
%% the reply is {io_reply, Ref, Reply}, watched with a monitor so that a
%% device that dies gives {error, terminated}.
%%
%% Output functions raise an error when the device replies {error, Reason}:
%% badarg, or terminated for a dead device, with the call's arguments.
%% Input functions return the device's reply.
%%
%% read/1,2 need OTP's erl_scan and erl_parse, which Cordon does not
%% carry; without them they return {error, {module_not_found, erl_scan}}.
%% The scan_erl_* and parse_erl_* functions are not provided.
%% io:printable_range/0 is a native BIF and is not defined here.
-module(io).

-export([format/1, format/2, format/3, fwrite/1, fwrite/2, fwrite/3,
         put_chars/1, put_chars/2, nl/0, nl/1, write/1, write/2]).
-export([get_line/1, get_line/2, get_chars/2, get_chars/3, fread/2,
         fread/3, read/1, read/2]).
-export([request/1, request/2, requests/1, requests/2, setopts/1,
         setopts/2, getopts/0, getopts/1, columns/0, columns/1, rows/0,
         rows/1]).

%% ---- output ----

%% Sends an output request and raises an error, with the arguments of the
%% function that uses it, when the device replies {error, Reason}. A macro,
%% so that the stacktrace names that function as OTP's does.
-define(OUTPUT(Io, Request, Args),
        case request(Io, Request) of
            {error, Reason} ->
                erlang:error(error_reason(Reason), Args, error_options(Reason));
            Result ->
                Result
        end).

format(Format) ->
    ?OUTPUT(default_output(), {format, Format, []}, [Format]).

format(Format, Args) ->
    ?OUTPUT(default_output(), {format, Format, Args}, [Format, Args]).

format(Io, Format, Args) ->
    ?OUTPUT(Io, {format, Format, Args}, [Io, Format, Args]).

fwrite(Format) ->
    ?OUTPUT(default_output(), {format, Format, []}, [Format]).

fwrite(Format, Args) ->
    ?OUTPUT(default_output(), {format, Format, Args}, [Format, Args]).

fwrite(Io, Format, Args) ->
    ?OUTPUT(Io, {format, Format, Args}, [Io, Format, Args]).

put_chars(Chars) ->
    ?OUTPUT(default_output(), {put_chars, unicode, Chars}, [Chars]).

put_chars(Io, Chars) ->
    ?OUTPUT(Io, {put_chars, unicode, Chars}, [Io, Chars]).

nl() ->
    ?OUTPUT(default_output(), nl, []).

nl(Io) ->
    ?OUTPUT(Io, nl, [Io]).

write(Term) ->
    ?OUTPUT(default_output(), {put_chars, unicode, io_lib, write, [Term]}, [Term]).

write(Io, Term) ->
    ?OUTPUT(Io, {put_chars, unicode, io_lib, write, [Term]}, [Io, Term]).

error_reason(terminated) -> terminated;
error_reason(calling_self) -> calling_self;
error_reason(_) -> badarg.

error_options(Reason) ->
    Cause = case Reason of
                arguments -> {io, arguments};
                terminated -> {io, terminated};
                _ -> {device, Reason}
            end,
    [{error_info, #{cause => Cause, module => erl_stdlib_errors}}].

%% ---- input ----

get_line(Prompt) ->
    get_line(default_input(), Prompt).

get_line(Io, Prompt) ->
    request(Io, {get_line, unicode, Prompt}).

get_chars(Prompt, Count) ->
    get_chars(default_input(), Prompt, Count).

get_chars(Io, Prompt, Count) when is_integer(Count), Count >= 0 ->
    request(Io, {get_chars, unicode, Prompt, Count}).

fread(Prompt, Format) ->
    fread(default_input(), Prompt, Format).

fread(Io, Prompt, Format) ->
    request(Io, {get_until, unicode, Prompt, io_lib, fread, [Format]}).

read(Prompt) ->
    read(default_input(), Prompt).

read(Io, Prompt) ->
    case missing_module([erl_scan, erl_parse]) of
        none ->
            case request(Io, {get_until, unicode, Prompt, erl_scan, tokens, [1]}) of
                {ok, Tokens, _EndLine} -> erl_parse:parse_term(Tokens);
                {error, Error, _EndLine} -> {error, Error};
                {eof, _EndLine} -> eof;
                Other -> Other
            end;
        Module ->
            {error, {module_not_found, Module}}
    end.

missing_module([Module | Modules]) ->
    case code:ensure_loaded(Module) of
        {module, Module} -> missing_module(Modules);
        _ -> Module
    end;
missing_module([]) ->
    none.

%% ---- options ----

setopts(Options) ->
    setopts(default_input(), Options).

setopts(Io, Options) ->
    request(Io, {setopts, Options}).

getopts() ->
    getopts(default_input()).

getopts(Io) ->
    request(Io, getopts).

columns() ->
    columns(default_output()).

columns(Io) ->
    geometry(Io, columns).

rows() ->
    rows(default_output()).

rows(Io) ->
    geometry(Io, rows).

geometry(Io, What) ->
    case request(Io, {get_geometry, What}) of
        N when is_integer(N), N > 0 -> {ok, N};
        _ -> {error, enotsup}
    end.

%% ---- the I/O protocol ----

request(Request) ->
    request(default_output(), Request).

request(standard_io, Request) ->
    request(group_leader(), Request);
request(Pid, Request) when is_pid(Pid) ->
    execute_request(Pid, io_request(Request));
request(Name, Request) when is_atom(Name) ->
    case whereis(Name) of
        undefined -> {error, arguments};
        Pid -> request(Pid, Request)
    end.

requests(Requests) ->
    requests(default_output(), Requests).

requests(Io, Requests) ->
    request(Io, {requests, Requests}).

default_output() ->
    group_leader().

default_input() ->
    group_leader().

%% Converts the requests of the io API to the I/O protocol, as OTP's io
%% does: a format becomes an io_lib:format call in the device, and
%% characters are sent as a UTF-8 binary when they convert to one.
io_request({format, Format, Args}) ->
    {put_chars, unicode, io_lib, format, [Format, Args]};
io_request({put_chars, unicode, Chars} = Request) ->
    case catch unicode:characters_to_binary(Chars) of
        Binary when is_binary(Binary) -> {put_chars, unicode, Binary};
        _ -> Request
    end;
io_request(nl) ->
    {put_chars, unicode, "\n"};
io_request({requests, Requests}) when is_list(Requests) ->
    {requests, [io_request(R) || R <- Requests]};
io_request(Request) ->
    Request.

execute_request(Pid, Request) ->
    Ref = erlang:monitor(process, Pid),
    Pid ! {io_request, self(), Ref, Request},
    receive
        {io_reply, Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            Reply;
        {'DOWN', Ref, _, _, _} ->
            receive
                {'EXIT', Pid, _What} -> true
            after 0 -> true
            end,
            {error, terminated}
    end.
