%% Reads the catch tag that catch stored in y(0) and passes it to erlang:display/1.
{module, adv_catch_tag_as_value}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 4}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_catch_tag_as_value},{atom,main},0}.
  {label,2}.
    {allocate,1,0}.
    {'catch',{y,0},{f,3}}.
    {move,{y,0},{x,0}}.
    {call_ext,1,{extfunc,erlang,display,1}}.
    {catch_end,{y,0}}.
    {deallocate,1}.
    return.
  {label,3}.
    {catch_end,{y,0}}.
    {deallocate,1}.
    return.
