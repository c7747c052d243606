%% Cordon's init: the process registered as init, and the runner of the
%% command line's -run, -s and -eval entries.
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

%% Runs each entry in order, in this process, then ends it normally. An
%% entry is {Module, Function, Args} or {eval, Expressions} with the
%% expressions as a UTF-8 binary.
do_boot(Entries, _Flags, _Start) ->
    start_em(Entries),
    exit(normal).

start_em([Entry | Rest]) ->
    start_it(Entry),
    start_em(Rest);
start_em([]) ->
    ok.

%% As under erl, a missing final dot is added, and a failure in scanning,
%% parsing or evaluation is a badmatch or the evaluation's own exception.
start_it({eval, Binary}) ->
    Text = unicode:characters_to_list(Binary),
    {ok, Tokens, _} = erl_scan:string(Text),
    Terminated = case lists:reverse(Tokens) of
                     [{dot, _} | _] -> Tokens;
                     Reversed -> lists:reverse([{dot, erl_anno:new(1)} | Reversed])
                 end,
    {ok, Exprs} = erl_parse:parse_exprs(Terminated),
    {value, _Value, _Bindings} = erl_eval:exprs(Exprs, erl_eval:new_bindings()),
    ok;
start_it({Module, Function, Args}) ->
    apply(Module, Function, Args).
