%% test_heap asking for 2^32-1 words (32 GB).
{module, adv_test_heap_huge}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_test_heap_huge},{atom,main},0}.
  {label,2}.
    {test_heap,4294967295,0}.
    {move,{atom,ok},{x,0}}.
    return.
