%% bs_get_integer2 on an atom instead of a match context: the test fails, so main/0 raises function_clause.
{module, adv_bs_on_non_context}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_bs_on_non_context},{atom,main},0}.
  {label,2}.
    {move,{atom,foo},{x,0}}.
    {test,bs_get_integer2,{f,1},1,[{x,0},{integer,8},1,{field_flags,[]}],{x,1}}.
    return.
