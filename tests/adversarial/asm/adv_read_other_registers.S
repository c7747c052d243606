%% Reads x(0)..x(4) after sleeping; the victim process ran in between and left its terms there.
{module, adv_read_other_registers}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_read_other_registers},{atom,main},0}.
  {label,2}.
    {allocate,0,0}.
    {call_ext,0,{extfunc,adv_victim,start,0}}.
    {move,{integer,50},{x,0}}.
    {call_ext,1,{extfunc,timer,sleep,1}}.
    {test_heap,6,0}.
    {put_tuple2,{x,0},{list,[{x,0},{x,1},{x,2},{x,3},{x,4}]}}.
    {call_ext,1,{extfunc,erlang,display,1}}.
    {deallocate,0}.
    return.
