%% call_fun 5000: the fun is read from x(5000), past the 1024 X registers.
{module, adv_call_fun_arity_5000}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_call_fun_arity_5000},{atom,main},0}.
  {label,2}.
    {call_fun,5000}.
    return.
