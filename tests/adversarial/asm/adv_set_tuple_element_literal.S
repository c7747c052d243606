%% set_tuple_element on a literal tuple, which every process running this module shares.
{module, adv_set_tuple_element_literal}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_set_tuple_element_literal},{atom,main},0}.
  {label,2}.
    {allocate,0,0}.
    {move,{literal,{a,b}},{x,0}}.
    {set_tuple_element,{atom,c},{x,0},0}.
    {move,{literal,{a,b}},{x,0}}.
    {call_ext,1,{extfunc,erlang,display,1}}.
    {deallocate,0}.
    return.
