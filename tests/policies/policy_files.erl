-module(policy_files).
-export([main/0]).

%% The file module's functions are MFAs like any other: a layer that lists
%% file:read_file/1 permits reading whole files and nothing else. An
%% operation on a file opened without raw is carried out by the VM through
%% the file's I/O server, so the layer judges the file function called,
%% not the VM's code behind it; the io functions that code calls are
%% judged as usual, so the layers below trust io. Calling that VM code
%% (cordon_file_client) directly is an ordinary call, which an allowlist
%% that does not list it denies.

-include("policy_case.hrl").

main() ->
    Dir = "/tmp/cordon-policy-files-" ++ os:getpid(),
    ok = file:make_dir(Dir),
    Path = Dir ++ "/data.txt",
    ok = file:write_file(Path, <<"first\nsecond\n">>),
    Own = {?MODULE, '_', '_'},

    ReadOnly = #{mfas => [Own, {file, read_file, 1}]},
    show(read_file_allowed, run([ReadOnly], fun() -> ?TRY(file:read_file(Path)) end)),
    show(write_file_denied,
         run([ReadOnly], fun() -> ?TRY(file:write_file(Path ++ ".new", <<"x">>)) end)),
    show(write_file_did_not_write, file:read_file_info(Path ++ ".new")),
    show(delete_denied, run([ReadOnly], fun() -> ?TRY(file:delete(Path)) end)),
    show(file_still_there, element(1, file:read_file_info(Path))),

    DenyFiles = #{mode => deny, mfas => [{file, '_', '_'}]},
    show(denylist_read_file, run([DenyFiles], fun() -> ?TRY(file:read_file(Path)) end)),

    Lines = #{mfas => [Own, {file, open, 2}, {file, read_line, 1}, {file, close, 1}],
              trusted => [io]},
    show(server_file_read_lines, run([Lines], fun() -> read_lines(Path) end)),
    show(server_file_read_denied,
         run([Lines], fun() ->
                              {ok, Fd} = file:open(Path, [read]),
                              ?TRY(file:read(Fd, 3))
                      end)),
    show(client_called_directly,
         run([Lines], fun() ->
                              {ok, Fd} = file:open(Path, [read]),
                              ?TRY(cordon_file_client:read_line(Fd))
                      end)),

    Raw = #{mfas => [Own, {file, open, 2}, {file, read, 2}, {file, close, 1}]},
    show(raw_file_read,
         run([Raw], fun() ->
                            {ok, Fd} = file:open(Path, [read, raw, binary]),
                            Data = file:read(Fd, 5),
                            {Data, file:close(Fd)}
                    end)),
    show(raw_file_write_denied,
         run([Raw], fun() ->
                            {ok, Fd} = file:open(Path, [read, raw]),
                            ?TRY(file:write(Fd, "x"))
                    end)),

    ok = file:delete(Path),
    ok = file:del_dir(Dir).

read_lines(Path) ->
    {ok, Fd} = file:open(Path, [read]),
    First = file:read_line(Fd),
    Second = file:read_line(Fd),
    End = file:read_line(Fd),
    {First, Second, End, file:close(Fd)}.
