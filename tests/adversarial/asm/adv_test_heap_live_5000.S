%% test_heap that says 5000 X registers are live.
{module, adv_test_heap_live_5000}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_test_heap_live_5000},{atom,main},0}.
  {label,2}.
    {test_heap,100000,5000}.
    {move,{atom,ok},{x,0}}.
    return.
