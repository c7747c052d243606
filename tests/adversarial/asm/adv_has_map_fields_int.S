%% has_map_fields on an integer, which the compiler only emits after is_map.
{module, adv_has_map_fields_int}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_has_map_fields_int},{atom,main},0}.
  {label,2}.
    {move,{integer,3},{x,0}}.
    {test,has_map_fields,{f,1},{x,0},{list,[{atom,k}]}}.
    {move,{atom,ok},{x,0}}.
    return.
