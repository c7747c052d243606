%% get_tuple_element far past the end of a 2-tuple.
{module, adv_get_tuple_element_oob}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_get_tuple_element_oob},{atom,main},0}.
  {label,2}.
    {test_heap,3,0}.
    {put_tuple2,{x,0},{list,[{atom,a},{atom,b}]}}.
    {get_tuple_element,{x,0},100000000,{x,1}}.
    {move,{x,1},{x,0}}.
    {call_ext_only,1,{extfunc,erlang,display,1}}.
