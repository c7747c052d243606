%% A module that the trusted_modules test lists as trusted. Its static
%% external calls are not checked by a layer that trusts it. Everything it
%% chooses at run time (applies, fun calls, names, spawned code) still is.
%% It makes no static call of the canary.
-module(trusted_lib).
-export([call_mfa/3, erlang_apply/3, call_fun/2, apply_fun/2, map_list/2,
         make_export_fun/3, spawn_fun/1, spawn_mfa/3, send_to/2, whereis_name/1,
         list_to_pid/1, new_ref/0]).

%% The `apply` instruction: Module:Function(Arg) with variables.
call_mfa(Module, Function, Arg) -> Module:Function(Arg).

%% A static call of erlang:apply/3.
erlang_apply(Module, Function, Args) -> erlang:apply(Module, Function, Args).

call_fun(Fun, Arg) -> Fun(Arg).

apply_fun(Fun, Args) -> erlang:apply(Fun, Args).

map_list(Fun, List) -> lists:map(Fun, List).

make_export_fun(Module, Function, Arity) -> erlang:make_fun(Module, Function, Arity).

spawn_fun(Fun) -> spawn(Fun).

spawn_mfa(Module, Function, Args) -> spawn(Module, Function, Args).

send_to(Name, Message) -> Name ! Message.

whereis_name(Name) -> whereis(Name).

list_to_pid(String) -> erlang:list_to_pid(String).

new_ref() -> erlang:make_ref().
