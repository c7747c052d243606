%% deallocate 5 in a frame of 1; the wrapped subtraction leaves the stack alone and return pops a Y slot.
{module, adv_deallocate_too_much}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_deallocate_too_much},{atom,main},0}.
  {label,2}.
    {allocate,1,0}.
    {deallocate,5}.
    {move,{atom,x},{x,0}}.
    return.
