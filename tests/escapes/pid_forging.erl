%% Escapes through an unrestricted spawner that is not registered. Only the
%% main process holds its pid, and the restricted child was not handed it.
%% A pid is the capability to send to a process, so the child must not be
%% able to make or find one: by list_to_pid/1, processes/0, binary_to_term/1
%% of a pid it encodes itself, or process_info/2 of a process it may send to.
%%
%% Open cases, resolved so that the escape stays closed: a layer whose
%% names is not `all` rejects every way of getting a pid that bypasses
%% names, even where its mode, mfas or trusted modules would permit the
%% call. The violation is reported as the BIF called:
%% - list_to_pid/1 and processes/0.
%% - binary_to_term/1,2 when the decoded term contains a pid.
%% - process_info/2 of another process for an item that returns pids
%%   (links here).
-module(pid_forging).
-export([main/0, unrestricted/0]).

-include("escape_harness.hrl").

main() -> run(enforced).

unrestricted() -> run(unrestricted).

-define(ALLOW, #{mode => allow, mfas => [{?MODULE, '_', '_'}]}).
-define(ALLOW_PLUS(MFAs), #{mode => allow, mfas => [{?MODULE, '_', '_'} | MFAs]}).
-define(DENY_NAMES, #{mode => deny, mfas => [{canary, '_', '_'}], names => []}).
%% Also denies the direct ways to a pid, leaving the indirect ones.
-define(DENY_NAMES_NO_LOOKUP,
        #{mode => deny,
          mfas => [{canary, '_', '_'}, {erlang, list_to_pid, 1}, {erlang, processes, 0}],
          names => []}).

run(Mode) ->
    %% Every local pid encodes with the same node and creation, so the
    %% encoding of the main pid serves as a template for forged ones.
    Ctx = (start_run(Mode))#{pid_template => term_to_binary(self())},
    %% The link makes the spawner appear in process_info(Main, links).
    Spawner = start_spawner(),
    link(Spawner),
    by_list_to_pid(Ctx),
    by_processes(Ctx),
    by_binary_to_term(Ctx),
    by_process_info(Ctx),
    finish_run().

by_list_to_pid(Ctx) ->
    attempt(Ctx, list_to_pid_allow_mode, [?ALLOW], fun(C) ->
        scan_pids(C, fun(N) -> list_to_pid(pid_string(N)) end)
    end),
    attempt(Ctx, list_to_pid_listed_in_allow_mode,
            [?ALLOW_PLUS([{erlang, list_to_pid, 1}])], fun(C) ->
        scan_pids(C, fun(N) -> list_to_pid(pid_string(N)) end)
    end),
    attempt(Ctx, list_to_pid_deny_mode, [?DENY_NAMES], fun(C) ->
        scan_pids(C, fun(N) -> list_to_pid(pid_string(N)) end)
    end),
    attempt(Ctx, list_to_pid_by_apply, [?DENY_NAMES], fun(C) ->
        Erlang = opaque(erlang),
        ListToPid = opaque(list_to_pid),
        scan_pids(C, fun(N) -> Erlang:ListToPid(pid_string(N)) end)
    end),
    attempt(Ctx, list_to_pid_by_export_fun, [?DENY_NAMES], fun(C) ->
        ListToPid = fun erlang:list_to_pid/1,
        scan_pids(C, fun(N) -> ListToPid(pid_string(N)) end)
    end).

by_processes(Ctx) ->
    attempt(Ctx, processes_allow_mode, [?ALLOW], fun(C) ->
        send_to_all(C, processes())
    end),
    attempt(Ctx, processes_deny_mode, [?DENY_NAMES], fun(C) ->
        send_to_all(C, processes())
    end),
    attempt(Ctx, processes_by_apply, [?DENY_NAMES], fun(C) ->
        send_to_all(C, apply(opaque(erlang), opaque(processes), []))
    end).

%% NEW_PID_EXT ends with the 32-bit id, serial and creation of the pid.
%% The forged binary is the encoding of the main pid with the id of <0.N.0>.
by_binary_to_term(Ctx) ->
    attempt(Ctx, binary_to_term_allow_mode, [?ALLOW], fun(C) ->
        scan_pids(C, fun(N) -> binary_to_term(forged_pid(C, N)) end)
    end),
    attempt(Ctx, binary_to_term_deny_mode, [?DENY_NAMES_NO_LOOKUP], fun(C) ->
        scan_pids(C, fun(N) -> binary_to_term(forged_pid(C, N)) end)
    end),
    attempt(Ctx, binary_to_term_2_deny_mode, [?DENY_NAMES_NO_LOOKUP], fun(C) ->
        scan_pids(C, fun(N) -> binary_to_term(forged_pid(C, N), [safe]) end)
    end),
    %% The pid is inside a tuple, so a check of the top-level term alone
    %% does not see it.
    attempt(Ctx, binary_to_term_nested_pid, [?DENY_NAMES_NO_LOOKUP], fun(C) ->
        scan_pids(C, fun(N) ->
            {wrapped, [Pid]} = binary_to_term(forged_nested_pid(C, N)),
            Pid
        end)
    end).

forged_pid(#{pid_template := Template}, N) ->
    Size = byte_size(Template) - 12,
    <<131, 88, Node:(Size - 2)/binary, _Id:32, _Serial:32, Creation:32>> = Template,
    <<131, 88, Node/binary, N:32, 0:32, Creation:32>>.

%% {wrapped, [Pid]}: SMALL_TUPLE_EXT of 2, the atom `wrapped`, and a LIST_EXT
%% of one element ending in NIL_EXT.
forged_nested_pid(Ctx, N) ->
    <<131, Pid/binary>> = forged_pid(Ctx, N),
    <<131, 104, 2, 119, 7, "wrapped", 108, 1:32, Pid/binary, 106>>.

by_process_info(Ctx) ->
    %% The child was handed the main pid, not the spawner's.
    attempt(Ctx, process_info_links_of_main, [?DENY_NAMES_NO_LOOKUP], fun(C) ->
        #{main := Main} = C,
        {links, Links} = process_info(Main, links),
        send_to_all(C, Links)
    end).

%% Sends the spawner request to the pid that Forge returns for each N up to
%% 2000, which covers the pids of this test under Cordon and erl. Returns
%% the distinct outcomes.
scan_pids(Ctx, Forge) ->
    Request = spawner_request(Ctx),
    distinct([try_call(fun() -> Forge(N) ! Request end) || N <- seq(0, 2000)]).

send_to_all(Ctx, Pids) ->
    Request = spawner_request(Ctx),
    [Pid ! Request || Pid <- Pids],
    sent.
