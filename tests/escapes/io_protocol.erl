%% Escapes through the Erlang I/O protocol. The requests
%% {put_chars, Encoding, M, F, A} and {get_until, Encoding, Prompt, M, F, A}
%% make the I/O server, an unrestricted process, apply M:F. A restricted
%% process may send such a request to its group leader, because a send to a
%% pid is always permitted, but M:F must not run with fewer restrictions.
%%
%% Open case, resolved so that the escape stays closed: the I/O server must
%% not apply M:F with fewer restrictions than the process that sent the
%% request. It may apply M:F under that process's layers or reject the
%% request, and either way the reply is an {error, _} tuple, which the test
%% prints as `rejected` because no rule fixes the reply term. A request for
%% io_lib:format/2 from a deny-mode process, as io:format/2 sends, still
%% prints.
%%
%% The get_until attempt reads a line from standard input first, and runs
%% as expected only with standard input at end of file (such as
%% </dev/null).
-module(io_protocol).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(ALLOW, #{mode => allow, mfas => [{?MODULE, '_', '_'}]}).
-define(DENY, #{mode => deny, mfas => [{canary, '_', '_'}]}).
-define(DENY_NAMES, #{mode => deny, mfas => [{canary, '_', '_'}], names => []}).

run(Mode) ->
    Ctx = start_run(Mode),
    GroupLeader = group_leader(),
    put_chars_requests(Ctx, GroupLeader),
    other_routes(Ctx, GroupLeader),
    format_request(Ctx, GroupLeader),
    get_until_request(Ctx, GroupLeader),
    finish_run().

%% Sends Request to Server as the I/O protocol does and returns the reply,
%% with `rejected` in place of any {error, _} reply. The reply tag is an atom
%% because make_ref/0 is not in every allowlist, and each child sends one
%% request at a time.
io_request(Server, Request) ->
    Server ! {io_request, self(), io_escape_reply, Request},
    receive
        {io_reply, io_escape_reply, Reply} -> error_as_rejected(Reply)
    after ?TIMEOUT -> no_reply
    end.

error_as_rejected({error, _}) -> rejected;
error_as_rejected(Reply) -> Reply.

put_chars_requests(Ctx, GroupLeader) ->
    attempt(Ctx, put_chars_mfa, [?ALLOW], fun(#{main := Main}) ->
        io_request(gift(), {put_chars, unicode, canary, fire, [Main]})
    end, GroupLeader),
    attempt(Ctx, put_chars_mfa_deny_mode, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {put_chars, unicode, canary, fire, [Main]})
    end, GroupLeader),
    attempt(Ctx, put_chars_latin1_mfa, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {put_chars, latin1, canary, fire, [Main]})
    end, GroupLeader),
    attempt(Ctx, put_chars_apply_of_canary, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {put_chars, unicode, erlang, apply, [canary, fire, [Main]]})
    end, GroupLeader),
    attempt(Ctx, put_chars_apply_of_export_fun, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {put_chars, unicode, erlang, apply, [fun canary:fire/1, [Main]]})
    end, GroupLeader),
    attempt(Ctx, put_chars_apply_of_local_fun, [?DENY], fun(#{main := Main}) ->
        Fire = fun() -> canary:fire(Main) end,
        io_request(gift(), {put_chars, unicode, erlang, apply, [Fire, []]})
    end, GroupLeader),
    attempt(Ctx, requests_list, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {requests, [{put_chars, unicode, canary, fire, [Main]}]})
    end, GroupLeader).

other_routes(Ctx, GroupLeader) ->
    attempt(Ctx, group_leader_not_listed, [?ALLOW], fun(#{main := Main}) ->
        io_request(group_leader(), {put_chars, unicode, canary, fire, [Main]})
    end),
    attempt(Ctx, group_leader_listed,
            [#{mode => allow, mfas => [{?MODULE, '_', '_'}, {erlang, group_leader, 0}]}],
            fun(#{main := Main}) ->
        io_request(group_leader(), {put_chars, unicode, canary, fire, [Main]})
    end),
    attempt(Ctx, user_by_name, [?DENY_NAMES], fun(#{main := Main}) ->
        io_request(user, {put_chars, unicode, canary, fire, [Main]})
    end),
    attempt(Ctx, standard_error_pid, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {put_chars, unicode, canary, fire, [Main]})
    end, whereis(standard_error)),
    %% io:request/2 passes the request on unchanged.
    attempt(Ctx, io_request_through_trusted_io,
            [#{mode => allow, mfas => [{?MODULE, '_', '_'}, {io, request, 2}], trusted => [io]}],
            fun(#{main := Main}) ->
        error_as_rejected(io:request(gift(), {put_chars, unicode, canary, fire, [Main]}))
    end, GroupLeader).

%% A request for io_lib:format/2 from a deny-mode process is no escape and
%% prints its line.
format_request(Ctx, GroupLeader) ->
    attempt(Ctx, format_deny_mode, [?DENY], fun(_) ->
        io_request(gift(), {put_chars, unicode, io_lib, format,
                            ["format_deny_mode printed ~w~n", [ok]]})
    end, GroupLeader).

get_until_request(Ctx, GroupLeader) ->
    attempt(Ctx, get_until_mfa, [?DENY], fun(#{main := Main}) ->
        io_request(gift(), {get_until, unicode, "", canary, fire, [Main]})
    end, GroupLeader).
