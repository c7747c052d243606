%% Escapes through the I/O server of a file opened without raw. The server
%% runs without a call policy, and any process holding its pid may send it
%% requests, which a policy permits because a send to a pid always is. So
%% the server must never apply a function a request names: it answers
%% put_chars and get_until requests only for io's formatting and scanning
%% functions, as the `user` server does, and its file requests are a fixed
%% set with no function in them.
%%
%% Open case, resolved so that the escape stays closed: the rules fix no
%% reply term for a rejected request, so the test prints any {error, _}
%% reply as `rejected`. The restricted process may read and write the file
%% itself, because the pid it was handed grants that.
-module(file_server).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(DENY, #{mode => deny, mfas => [{canary, '_', '_'}]}).

run(Mode) ->
    Ctx = start_run(Mode),
    Path = "/tmp/cordon-escape-file-" ++ os:getpid(),
    ok = file:write_file(Path, <<"line\n">>),
    {ok, Fd} = file:open(Path, [read, write]),
    put_chars_requests(Ctx, Fd),
    get_until_requests(Ctx, Fd),
    file_requests(Ctx, Fd),
    granted_use(Ctx, Fd),
    ok = file:close(Fd),
    ok = file:delete(Path),
    finish_run().

%% Sends Request to Server as the I/O protocol does and returns the reply,
%% with `rejected` in place of any {error, _} reply.
io_request(Server, Request) ->
    Server ! {io_request, self(), file_escape_reply, Request},
    receive
        {io_reply, file_escape_reply, Reply} -> error_as_rejected(Reply)
    after ?TIMEOUT -> no_reply
    end.

%% Sends a request of the protocol that file:position/2 and friends use.
file_request(Server, Request) ->
    Server ! {file_request, self(), file_escape_reply, Request},
    receive
        {file_reply, file_escape_reply, Reply} -> error_as_rejected(Reply)
    after ?TIMEOUT -> no_reply
    end.

error_as_rejected({error, _}) -> rejected;
error_as_rejected(Reply) -> Reply.

put_chars_requests(Ctx, Fd) ->
    attempt(Ctx, put_chars_mfa, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {put_chars, unicode, canary, fire, [Main]})
    end, Fd),
    attempt(Ctx, put_chars_apply, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {put_chars, latin1, erlang, apply, [canary, fire, [Main]]})
    end, Fd),
    attempt(Ctx, put_chars_local_fun, [?DENY], fun(#{main := Main}) ->
        Fire = fun() -> canary:fire(Main) end,
        io_request(gift(), {put_chars, unicode, erlang, apply, [Fire, []]})
    end, Fd),
    attempt(Ctx, requests_list, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {requests, [{put_chars, unicode, canary, fire, [Main]}]})
    end, Fd).

get_until_requests(Ctx, Fd) ->
    attempt(Ctx, get_until_mfa, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {get_until, unicode, "", canary, fire, [Main]})
    end, Fd),
    %% erl_scan calls a reserved_word_fun option while it scans, in the
    %% server, so a scanner argument holding a fun is rejected.
    attempt(Ctx, get_until_scanner_fun, [?DENY], fun(#{main := Main}) ->
        Fire = fun(_) -> canary:fire(Main) end,
        io_request(gift(), {get_until, unicode, "", erl_scan, tokens,
                            [1, [{reserved_word_fun, Fire}]]})
    end, Fd).

file_requests(Ctx, Fd) ->
    attempt(Ctx, file_request_mfa, [?DENY], fun(#{main := Main}) ->
        file_request(gift(), {canary, fire, [Main]})
    end, Fd),
    attempt(Ctx, file_request_apply, [?DENY], fun(#{main := Main}) ->
        file_request(gift(), {apply, canary, fire, [Main]})
    end, Fd).

%% Reading and writing through the handed pid is the use it grants.
granted_use(Ctx, Fd) ->
    attempt(Ctx, position_request, [?DENY], fun(_) ->
        file_request(gift(), {position, bof})
    end, Fd),
    attempt(Ctx, get_line_request, [?DENY], fun(_) ->
        io_request(gift(), {get_line, latin1, ""})
    end, Fd).
