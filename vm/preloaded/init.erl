%% Cordon's init: the process registered as init, and the runner of the
%% command line's -run and -s calls.
%%
%% Cordon's own boot code does the rest of OTP init's work, and
%% init:stop/0,1 and init:get_argument/1 are BIFs. The runner's functions
%% are named after OTP init's, and the module has no line information, so
%% an uncaught exception ends in the same stacktrace frames as under erl.
-module(init).
-compile(no_line_info).
-export([idle/0, do_boot/3]).

%% The registered init process receives and drops messages.
idle() ->
    receive
        _ -> idle()
    end.

%% Runs each {Module, Function, Args} in order, in this process, then
%% ends it normally.
do_boot(Calls, _Flags, _Start) ->
    start_em(Calls),
    exit(normal).

start_em([{Module, Function, Args} | Rest]) ->
    _ = apply(Module, Function, Args),
    start_em(Rest);
start_em([]) ->
    ok.
