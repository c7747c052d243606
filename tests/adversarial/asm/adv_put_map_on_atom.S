%% put_map_assoc on an atom raises badmap.
{module, adv_put_map_on_atom}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_put_map_on_atom},{atom,main},0}.
  {label,2}.
    {move,{atom,a},{x,0}}.
    {put_map_assoc,{f,0},{x,0},{x,0},1,{list,[{atom,k},{atom,v}]}}.
    return.
