%% An allocation list whose words add up past 32 bits.
{module, adv_heap_need_overflow}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_heap_need_overflow},{atom,main},0}.
  {label,2}.
    {allocate_heap,1,{alloc,[{words,4294967295},{floats,4294967295},{funs,100}]},0}.
    {move,{atom,ok},{x,0}}.
    return.
