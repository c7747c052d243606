%% get_list on [], which the compiler only emits after is_nonempty_list.
{module, adv_get_list_nil}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_get_list_nil},{atom,main},0}.
  {label,2}.
    {move,nil,{x,0}}.
    {get_list,{x,0},{x,1},{x,2}}.
    {move,{x,1},{x,0}}.
    return.
