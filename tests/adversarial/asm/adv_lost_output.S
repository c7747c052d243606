%% Prints a line, then crashes the VM with get_list on [].
{module, adv_lost_output}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_lost_output},{atom,main},0}.
  {label,2}.
    {allocate,0,0}.
    {move,{literal,"before crash~n"},{x,0}}.
    {call_ext,1,{extfunc,io,format,1}}.
    {move,nil,{x,0}}.
    {get_list,{x,0},{x,1},{x,2}}.
    {deallocate,0}.
    return.
