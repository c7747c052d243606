%% main/0 spawns spin/0, a loop of jumps without a call, sleeps 100 ms and
%% halts. The loop must not keep main/0 from running again.
{module, adv_tight_loop}.
{exports, [{main,0},{spin,0}]}.
{attributes, []}.
{labels, 5}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_tight_loop},{atom,main},0}.
  {label,2}.
    {allocate,0,0}.
    {move,nil,{x,2}}.
    {move,{atom,spin},{x,1}}.
    {move,{atom,adv_tight_loop},{x,0}}.
    {call_ext,3,{extfunc,erlang,spawn,3}}.
    {move,{integer,100},{x,0}}.
    {call_ext,1,{extfunc,timer,sleep,1}}.
    {move,{integer,0},{x,0}}.
    {call_ext,1,{extfunc,erlang,halt,1}}.
    {deallocate,0}.
    return.

{function, spin, 0, 4}.
  {label,3}.
    {func_info,{atom,adv_tight_loop},{atom,spin},0}.
  {label,4}.
    {jump,{f,4}}.
