-module(policy_trusted).
-export([main/0, double/1]).

%% Trusted modules: a layer does not check the static external calls
%% (M:F(...) with literal M and F) made by code of a module in its trusted
%% list. Fun calls and applies are checked wherever they come from, other
%% layers still check every call, and a restricted process cannot load a
%% module to be trusted, because no layer permits loading code.

-include("policy_case.hrl").

-define(LOADED, policy_trusted_loaded).

main() ->
    Trusting = #{mfas => [{?MODULE, '_', '_'}], trusted => [?MODULE]},
    show(static_call, run([Trusting], fun() -> ?TRY(lists:member(b, [a, b])) end)),
    show(static_bif_call, run([Trusting], fun() -> ?TRY(atom_to_list(id(abc))) end)),
    show(export_fun_call,
         run([Trusting], fun() -> Member = id(fun lists:member/2), ?TRY(Member(b, [a, b])) end)),
    %% The static call of erlang:apply/3 is not checked, but the function it
    %% applies is.
    show(apply_3, run([Trusting], fun() -> ?TRY(apply(lists, member, id([b, [a, b]]))) end)),
    show(variable_module_call,
         run([Trusting], fun() -> ?TRY((id(lists)):member(b, [a, b])) end)),

    %% Trust belongs to one layer: the second layer checks every call.
    DenyMember = #{mode => deny, mfas => [{lists, member, 2}]},
    show(second_layer_checks,
         run([Trusting, DenyMember],
             fun() -> {?TRY(lists:member(b, [a, b])), ?TRY(lists:keyfind(a, 1, [{a, 1}]))} end)),

    local_funs_checked(),
    loaded_at_run_time().

%% Under an empty allowlist that trusts this module, static calls from this
%% module run, but a call of one of its own local funs is checked.
local_funs_checked() ->
    Parent = self(),
    Tag = make_ref(),
    spawn(fun() ->
                  process_flag(policy, #{mfas => [], trusted => [?MODULE]}),
                  Inc = id(make_inc()),
                  Parent ! {Tag, {?TRY(?MODULE:double(21)), ?TRY(lists:member(b, [a, b])),
                                  ?TRY(Inc(41))}}
          end),
    show(empty_allowlist_trusting_own_module, await(Tag)).

%% Loading code changes what every process runs, unrestricted ones
%% included, so every layer rejects it, listed or not. The module named in
%% trusted is therefore never loaded. This module is not trusted here,
%% because its static call of code:load_binary/3 would not be checked
%% otherwise.
loaded_at_run_time() ->
    Own = {?MODULE, '_', '_'},
    Load = fun() -> ?TRY(code:load_binary(?LOADED, "policy_trusted_loaded.beam", loaded_beam())) end,
    show(load_not_listed,
         run([#{mfas => [Own, {?LOADED, '_', '_'}], trusted => [?LOADED]}], Load)),
    show(loaded_before, erlang:module_loaded(?LOADED)),
    show(load_and_call,
         run([#{mfas => [Own, {code, load_binary, 3}, {?LOADED, '_', '_'}],
                trusted => [?LOADED]}],
             fun() -> {Load(), ?TRY(?LOADED:probe())} end)),
    show(loaded_after, erlang:module_loaded(?LOADED)).

make_inc() ->
    fun(X) -> X + 1 end.

double(X) -> 2 * X.

%% The module policy_trusted_loaded, compiled by erlc +deterministic from
%%     -module(policy_trusted_loaded).
%%     -export([probe/0]).
%%
%%     probe() -> lists:member(b, [a, b]).
%% with its Attr, CInf, Dbgi and Meta chunks left out.
loaded_beam() ->
    <<70,79,82,49,0,0,1,148,66,69,65,77,65,116,85,56,0,0,0,82,0,0,0,8,21,112,
      111,108,105,99,121,95,116,114,117,115,116,101,100,95,108,111,97,100,101,
      100,5,112,114,111,98,101,1,98,5,108,105,115,116,115,6,109,101,109,98,
      101,114,11,109,111,100,117,108,101,95,105,110,102,111,6,101,114,108,97,
      110,103,15,103,101,116,95,109,111,100,117,108,101,95,105,110,102,111,0,
      0,67,111,100,101,0,0,0,76,0,0,0,16,0,0,0,0,0,0,0,169,0,0,0,7,0,0,0,3,1,
      16,153,16,2,18,34,0,1,32,64,71,0,19,64,50,3,78,32,0,1,48,153,0,2,18,98,
      0,1,64,64,18,3,78,16,16,1,80,153,0,2,18,98,16,1,96,64,3,19,64,18,3,78,
      32,32,3,83,116,114,84,0,0,0,0,73,109,112,84,0,0,0,40,0,0,0,3,0,0,0,4,0,
      0,0,5,0,0,0,2,0,0,0,7,0,0,0,8,0,0,0,1,0,0,0,7,0,0,0,8,0,0,0,2,69,120,
      112,84,0,0,0,40,0,0,0,3,0,0,0,6,0,0,0,1,0,0,0,6,0,0,0,6,0,0,0,0,0,0,0,4,
      0,0,0,2,0,0,0,0,0,0,0,2,76,105,116,84,0,0,0,31,0,0,0,21,120,156,99,96,
      96,96,100,96,96,224,109,206,1,146,76,229,140,137,229,140,73,89,0,20,221,
      3,29,0,76,111,99,84,0,0,0,4,0,0,0,0,76,105,110,101,0,0,0,21,0,0,0,0,0,0,
      0,0,0,0,0,3,0,0,0,1,0,0,0,0,65,0,0,0,84,121,112,101,0,0,0,26,0,0,0,1,0,
      0,0,1,31,255,0,0,0,0,0,0,0,0,255,255,255,255,255,255,255,255,0,0>>.
