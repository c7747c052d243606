%% gc_bif naming erlang:whereis/1, which is not a guard BIF: a gc_bif runs
%% without a policy check, so only guard BIFs may load as one.
{module, adv_gc_bif_not_guard}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_gc_bif_not_guard},{atom,main},0}.
  {label,2}.
    {move,{atom,init},{x,0}}.
    {gc_bif,whereis,{f,0},1,[{x,0}],{x,0}}.
    return.
