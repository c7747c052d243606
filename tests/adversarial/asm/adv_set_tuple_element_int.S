%% set_tuple_element on a small integer: a write through an address the code chose.
{module, adv_set_tuple_element_int}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_set_tuple_element_int},{atom,main},0}.
  {label,2}.
    {move,{integer,1000},{x,0}}.
    {set_tuple_element,{atom,c},{x,0},0}.
    {call_ext_only,1,{extfunc,erlang,display,1}}.
