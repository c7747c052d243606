%% move into y(1000) in a frame of one slot.
{module, adv_y_beyond_frame}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_y_beyond_frame},{atom,main},0}.
  {label,2}.
    {allocate,1,0}.
    {move,{atom,a},{y,1000}}.
    {deallocate,1}.
    return.
