%% OTP's gen_statem in state_functions mode: a door lock with a state
%% timeout and postponed events. otp_gen_statem_counter covers
%% handle_event_function.
-module(otp_gen_statem).
-export([main/0]).
-export([callback_mode/0, init/1, locked/3, open/3, terminate/3]).

main() ->
    {ok, Door} = gen_statem:start_link({local, door}, ?MODULE, [1, 2, 3], []),
    io:format("state: ~p~n", [gen_statem:call(door, state)]),
    [gen_statem:cast(door, {button, D}) || D <- [1, 2, 3]],
    io:format("state: ~p~n", [gen_statem:call(door, state)]),
    gen_statem:cast(door, {button, 9}),
    io:format("postponed while open: ~p~n", [gen_statem:call(door, presses)]),
    timer:sleep(150),
    io:format("after state timeout: ~p~n", [gen_statem:call(door, state)]),
    io:format("presses: ~p~n", [gen_statem:call(door, presses)]),
    io:format("get_state: ~p~n", [element(1, sys:get_state(door))]),
    ok = gen_statem:stop(Door),
    io:format("call stopped: ~p~n", [element(1, catch gen_statem:call(door, state))]),
    ok.

callback_mode() -> state_functions.

init(Code) -> {ok, locked, #{code => Code, input => [], presses => 0}}.

locked(cast, {button, D}, #{code := Code, input := Input, presses := N} = Data) ->
    case Input ++ [D] of
        Code ->
            {next_state, open, Data#{input := [], presses := N + 1},
             [{state_timeout, 100, lock}]};
        Partial ->
            {keep_state, Data#{input := Partial, presses := N + 1}}
    end;
locked({call, From}, state, _Data) ->
    {keep_state_and_data, [{reply, From, locked}]};
locked({call, From}, presses, #{presses := N}) ->
    {keep_state_and_data, [{reply, From, N}]}.

open(state_timeout, lock, Data) ->
    {next_state, locked, Data};
open(cast, {button, _}, _Data) ->
    {keep_state_and_data, [postpone]};
open({call, From}, state, _Data) ->
    {keep_state_and_data, [{reply, From, open}]};
open({call, From}, presses, #{presses := N}) ->
    {keep_state_and_data, [{reply, From, N}]}.

terminate(_Reason, _State, _Data) -> ok.
