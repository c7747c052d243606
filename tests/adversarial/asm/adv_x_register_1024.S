%% x(1024) is one past OTP's 1024 X registers; the loader must reject it.
{module, adv_x_register_1024}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_x_register_1024},{atom,main},0}.
  {label,2}.
    {move,{atom,a},{x,1024}}.
    return.
