%% Prints where the io, io_lib and lists modules come from, one module a
%% line as `Module Origin`, where Origin is the .beam path or `preloaded`
%% for a module Cordon carries. tests/no_otp.rs runs it with and without
%% OTP on the code path.
-module(which_modules).
-export([main/0]).

main() ->
    lists:foreach(fun print_origin/1, [io, io_lib, lists]).

print_origin(Module) ->
    Origin = case code:which(Module) of
                 Path when is_list(Path) -> Path;
                 Atom when is_atom(Atom) -> atom_to_list(Atom)
             end,
    io:format("~w ~s~n", [Module, Origin]).
