%% Reads x(1) after collections that kept only x(0): the tuple it pointed at has been freed.
{module, adv_stale_x_after_gc}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_stale_x_after_gc},{atom,main},0}.
  {label,2}.
    {allocate,0,0}.
    {move,{literal,"abcdefghijklmnopqrstuvwxyz"},{x,0}}.
    {call_ext,1,{extfunc,erlang,list_to_tuple,1}}.
    {move,{x,0},{x,1}}.
    {call_ext,0,{extfunc,erlang,garbage_collect,0}}.
    {call_ext,0,{extfunc,erlang,garbage_collect,0}}.
    {test_heap,100000,0}.
    {test_heap,400000,0}.
    {move,{x,1},{x,0}}.
    {call_ext,1,{extfunc,erlang,display,1}}.
    {deallocate,0}.
    return.
