%% OTP's gen_statem in handle_event_function mode: a counter with state
%% enter calls and a generic timeout.
-module(otp_gen_statem_counter).
-export([main/0]).
-export([callback_mode/0, init/1, handle_event/4]).

main() ->
    {ok, C} = gen_statem:start(?MODULE, 0, []),
    ok = gen_statem:cast(C, inc),
    ok = gen_statem:cast(C, inc),
    io:format("counter: ~p~n", [gen_statem:call(C, get)]),
    io:format("enter log: ~p~n", [gen_statem:call(C, log)]),
    gen_statem:cast(C, arm),
    timer:sleep(100),
    io:format("after generic timeout: ~p~n", [gen_statem:call(C, get)]),
    io:format("bad call: ~p~n", [element(1, catch gen_statem:call(C, nope, 100))]).

callback_mode() -> [handle_event_function, state_enter].

init(N) -> {ok, {count, N}, []}.

handle_event(enter, Old, New, Log) ->
    {keep_state, [{Old, New} | Log]};
handle_event(cast, inc, {count, N}, Log) ->
    {next_state, {count, N + 1}, Log};
handle_event(cast, arm, _State, _Log) ->
    {keep_state_and_data, [{{timeout, reset}, 20, zero}]};
handle_event({timeout, reset}, zero, {count, _}, Log) ->
    {next_state, {count, 0}, Log};
handle_event({call, From}, get, {count, N}, _Log) ->
    {keep_state_and_data, [{reply, From, N}]};
handle_event({call, From}, log, _State, Log) ->
    {keep_state_and_data, [{reply, From, lists:reverse(Log)}]};
handle_event({call, _From}, _Other, _State, _Log) ->
    keep_state_and_data.
