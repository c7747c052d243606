%% fr(300) is past the 256 float registers.
{module, adv_float_register_300}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_float_register_300},{atom,main},0}.
  {label,2}.
    {fmove,{float,1.0},{fr,300}}.
    return.
