%% prim_eval:'receive'(Fun, Timeout), the selective receive erl_eval uses
%% to evaluate a receive expression. It calls Fun on each message in the
%% mailbox, oldest first. The first message for which Fun returns anything
%% other than nomatch is removed, and Fun's result returned. With no such
%% message it waits for more, up to Timeout, then returns timeout.
%%
%% Written in BEAM assembly because Erlang source cannot call a function
%% between looking at a message and removing it. Fun runs between loop_rec
%% and remove_message, so the message stays in the mailbox while Fun
%% examines it.

{module, prim_eval}.

{exports, [{'receive',2},{module_info,0},{module_info,1}]}.

{attributes, []}.

{labels, 10}.

{function, 'receive', 2, 2}.
  {label,1}.
    {func_info,{atom,prim_eval},{atom,'receive'},2}.
  {label,2}.
    {allocate,2,2}.
    {move,{x,0},{y,0}}.
    {move,{x,1},{y,1}}.
  {label,3}.
    {loop_rec,{f,5},{x,0}}.
    {move,{y,0},{x,1}}.
    %% erlc's validator rejects passing a message that is still in the
    %% mailbox to a call unless told that the callee keeps no reference
    %% to it past the call. Fun only matches it, and Cordon's collector
    %% leaves mailbox messages, which live outside the heap, in place.
    {'%', {remove_fragility, {x,0}}}.
    {call_fun,1}.
    {test,is_eq_exact,{f,4},[{x,0},{atom,nomatch}]}.
    {loop_rec_end,{f,3}}.
  {label,4}.
    remove_message.
    {deallocate,2}.
    return.
  {label,5}.
    {wait_timeout,{f,3},{y,1}}.
    timeout.
    {move,{atom,timeout},{x,0}}.
    {deallocate,2}.
    return.

{function, module_info, 0, 7}.
  {label,6}.
    {func_info,{atom,prim_eval},{atom,module_info},0}.
  {label,7}.
    {move,{atom,prim_eval},{x,0}}.
    {call_ext_only,1,{extfunc,erlang,get_module_info,1}}.

{function, module_info, 1, 9}.
  {label,8}.
    {func_info,{atom,prim_eval},{atom,module_info},1}.
  {label,9}.
    {move,{x,0},{x,1}}.
    {move,{atom,prim_eval},{x,0}}.
    {call_ext_only,2,{extfunc,erlang,get_module_info,2}}.
