%% get_tuple_element on a small integer, read through as if it were a pointer.
{module, adv_get_tuple_element_int}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_get_tuple_element_int},{atom,main},0}.
  {label,2}.
    {move,{integer,5},{x,0}}.
    {get_tuple_element,{x,0},0,{x,1}}.
    {move,{x,1},{x,0}}.
    return.
