%% Prints a line, then panics the interpreter with a Y register outside the frame.
{module, adv_panic_keeps_output}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_panic_keeps_output},{atom,main},0}.
  {label,2}.
    {allocate,0,0}.
    {move,{literal,"before panic~n"},{x,0}}.
    {call_ext,1,{extfunc,io,format,1}}.
    {move,{atom,a},{y,1000}}.
    {deallocate,0}.
    return.
