%% allocate with 2^32-1 stack slots (32 GB).
{module, adv_allocate_huge}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_allocate_huge},{atom,main},0}.
  {label,2}.
    {allocate,4294967295,0}.
    {move,{atom,ok},{x,0}}.
    return.
