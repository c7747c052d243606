%% The file operations on an I/O server, which file:open/2 without `raw`
%% returns. The file BIFs trap here when given a pid (or, for read/2,
%% write/2 and read_line/1, a registered name), and this module speaks
%% the I/O protocol and the file request protocol of OTP 25's file.erl.
%% The policy of the calling process judged the file BIF, so the trap here
%% is not judged again, and this module's own static calls are the VM's
%% work (VM_CODE in vm/src/code.rs). The io and erl_parse functions it
%% calls are OTP's, and the policy judges their calls as usual. A call
%% to this module from Erlang code is judged like any other call.
-module(cordon_file_client).
-export([read/2, write/2, read_line/1, close/1, position/2, pread/3,
         pwrite/3, sync/1, datasync/1, truncate/1, advise/4, allocate/3,
         consult/1]).

%% OTP's file:consult/1 opens the file with a local call, which would
%% miss the open/2 BIF, so file:consult/1 is a BIF that traps here.
%% NOTE: unlike OTP, this ignores a coding comment in the file and reads
%% it as latin1.
consult(Name) ->
    case file:open(Name, [read]) of
        {ok, Fd} ->
            Result = consult_terms(Fd, 1, []),
            _ = file:close(Fd),
            Result;
        Error ->
            Error
    end.

consult_terms(Fd, Line, Terms) ->
    case io:read(Fd, '', Line) of
        {ok, Term, EndLine} -> consult_terms(Fd, EndLine, [Term | Terms]);
        {error, Error, _Line} -> {error, Error};
        {eof, _Line} -> {ok, lists:reverse(Terms)};
        eof -> {ok, lists:reverse(Terms)}
    end.

read(File, Size) when is_integer(Size), Size >= 0 ->
    case io:request(File, {get_chars, latin1, '', Size}) of
        Data when is_list(Data); is_binary(Data) -> {ok, Data};
        Other -> Other
    end;
read(_File, _Size) ->
    {error, badarg}.

read_line(File) ->
    case io:request(File, {get_line, latin1, ''}) of
        Data when is_list(Data); is_binary(Data) -> {ok, Data};
        Other -> Other
    end.

write(File, Bytes) ->
    io:request(File, {put_chars, latin1, Bytes}).

%% A server that has already ended was closed, so closing it again is ok.
close(File) ->
    case file_request(File, close) of
        {error, terminated} -> ok;
        Other -> Other
    end.

position(File, At) ->
    file_request(File, {position, At}).

pread(File, At, Size) ->
    file_request(File, {pread, At, Size}).

pwrite(File, At, Bytes) ->
    file_request(File, {pwrite, At, Bytes}).

sync(File) ->
    file_request(File, sync).

datasync(File) ->
    file_request(File, datasync).

truncate(File) ->
    file_request(File, truncate).

advise(File, Offset, Length, Advice) ->
    file_request(File, {advise, Offset, Length, Advice}).

allocate(File, Offset, Length) ->
    file_request(File, {allocate, Offset, Length}).

file_request(Server, Request) ->
    Monitor = erlang:monitor(process, Server),
    Server ! {file_request, self(), Monitor, Request},
    receive
        {file_reply, Monitor, Reply} ->
            erlang:demonitor(Monitor, [flush]),
            Reply;
        {'DOWN', Monitor, _, _, _} ->
            {error, terminated}
    end.
