%% get_map_elements on a tuple.
{module, adv_get_map_elements_tuple}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_get_map_elements_tuple},{atom,main},0}.
  {label,2}.
    {move,{literal,{a,b,c}},{x,0}}.
    {get_map_elements,{f,1},{x,0},{list,[{atom,k},{x,1}]}}.
    {move,{atom,ok},{x,0}}.
    return.
