%% Jumps to a label placed after the last instruction.
{module, adv_jump_past_end}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 4}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_jump_past_end},{atom,main},0}.
  {label,2}.
    {jump,{f,3}}.
  {label,3}.
