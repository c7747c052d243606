%% Escapes through the VM's own carried Erlang code. init's entry runner
%% and cordon_file_client carry out the boot and the file BIFs in the
%% calling process, and the policy does not judge their own static calls.
%% Only the VM may enter them: called directly from Erlang code, they would
%% run denied functions (file:open/2, erl_scan, erl_parse, erl_eval) on the
%% caller's behalf, so every layer rejects such a call, whatever its
%% patterns list and whichever modules it trusts.
-module(vm_internal).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(DENY_FILES, #{mode => deny, mfas => [{file, '_', '_'}, {canary, '_', '_'}]}).
-define(ALLOW_CLIENT, #{mode => allow,
                        mfas => [{?MODULE, '_', '_'}, {cordon_file_client, '_', '_'},
                                 {init, '_', '_'}],
                        trusted => [?MODULE]}).

run(Mode) ->
    Ctx = start_run(Mode),
    Path = "/tmp/cordon-escape-internal-" ++ os:getpid(),
    ok = file:write_file(Path, <<"{secret, 42}.\n">>),
    attempt(Ctx, consult_through_client, [?DENY_FILES], fun(_) ->
        cordon_file_client:consult(gift())
    end, Path),
    attempt(Ctx, client_listed_and_trusted_caller, [?ALLOW_CLIENT], fun(_) ->
        cordon_file_client:consult(gift())
    end, Path),
    attempt(Ctx, client_by_apply, [?DENY_FILES], fun(_) ->
        apply(cordon_file_client, consult, [gift()])
    end, Path),
    attempt(Ctx, do_boot_eval, [?DENY_FILES], fun(_) ->
        init:do_boot([{eval, <<"canary:fire(escape_main)">>}], [], [])
    end),
    attempt(Ctx, do_boot_call, [?ALLOW_CLIENT], fun(#{main := Main}) ->
        init:do_boot([{canary, fire, [Main]}], [], [])
    end),
    attempt(Ctx, spawn_do_boot, [#{mode => deny, mfas => [{canary, '_', '_'}]}],
            fun(#{main := Main}) ->
        spawn(init, do_boot, [[{canary, fire, [Main]}], [], []])
    end),
    ok = file:delete(Path),
    finish_run().
