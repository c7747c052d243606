%% Returns to a continuation pointer forged from an integer: module slot 60000, which holds no module.
{module, adv_forged_return}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_forged_return},{atom,main},0}.
  {label,2}.
    {allocate,1,0}.
    {move,{integer,1030792151040000},{y,0}}.
    return.
