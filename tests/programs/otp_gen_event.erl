%% OTP's gen_event: handlers added and deleted, notify, sync_notify,
%% call, which_handlers, and a handler that crashes being removed.
-module(otp_gen_event).
-behaviour(gen_event).
-export([main/0]).
-export([init/1, handle_event/2, handle_call/2, handle_info/2, terminate/2]).

main() ->
    {ok, Mgr} = gen_event:start_link({local, events}),
    ok = gen_event:add_handler(events, {?MODULE, one}, one),
    ok = gen_event:add_handler(events, {?MODULE, two}, two),
    io:format("handlers: ~p~n", [lists:sort(gen_event:which_handlers(events))]),
    ok = gen_event:notify(events, hello),
    ok = gen_event:sync_notify(events, world),
    io:format("one saw: ~p~n", [gen_event:call(events, {?MODULE, one}, seen)]),
    io:format("two saw: ~p~n", [gen_event:call(events, {?MODULE, two}, seen)]),
    events ! info_message,
    io:format("after info: ~p~n", [gen_event:call(events, {?MODULE, one}, seen)]),
    io:format("delete two: ~p~n", [gen_event:delete_handler(events, {?MODULE, two}, bye)]),
    io:format("delete again: ~p~n", [gen_event:delete_handler(events, {?MODULE, two}, bye)]),
    io:format("handlers: ~p~n", [gen_event:which_handlers(events)]),
    ok = gen_event:sync_notify(events, crash),
    io:format("after crash: ~p~n", [gen_event:which_handlers(events)]),
    io:format("call missing: ~p~n", [gen_event:call(events, {?MODULE, one}, seen)]),
    ok = gen_event:stop(Mgr),
    io:format("stopped: ~p~n", [whereis(events)]),
    ok.

init(Name) -> {ok, {Name, []}}.

handle_event(crash, {one, _}) -> erlang:error(handler_crash);
handle_event(Event, {Name, Seen}) -> {ok, {Name, [Event | Seen]}}.

handle_call(seen, {Name, Seen}) -> {ok, lists:reverse(Seen), {Name, Seen}}.

handle_info(Info, {Name, Seen}) -> {ok, {Name, [{info, Info} | Seen]}}.

terminate(Arg, {Name, _}) -> {terminated, Name, Arg}.
