%% file:write_file/2,3 replaces a longer file's contents, appends with
%% [append], and keeps the rest with [read, write] as OTP's open does.
-module(file_overwrite).
-export([main/0]).

main() ->
    Path = "/tmp/cordon-file-overwrite-" ++ os:getpid(),
    ok = file:write_file(Path, <<"hello world">>),
    ok = file:write_file(Path, <<"hi">>),
    io:format("shorter write: ~p~n", [file:read_file(Path)]),
    ok = file:write_file(Path, ["a", $b, <<"c">>], [append]),
    io:format("append: ~p~n", [file:read_file(Path)]),
    ok = file:write_file(Path, <<"XY">>, [read, write]),
    io:format("read and write: ~p~n", [file:read_file(Path)]),
    ok = file:write_file(Path, <<>>),
    io:format("empty: ~p~n", [file:read_file(Path)]),
    io:format("exclusive on existing: ~p~n", [file:write_file(Path, <<"z">>, [exclusive])]),
    ok = file:delete(Path).
