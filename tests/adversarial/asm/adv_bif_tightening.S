%% Confines itself to its own module, then calls process_flag(trap_exit,
%% true) through a bif op while x(0) holds the atom policy. Only
%% process_flag(policy, _) is exempt from policies, and a bif op takes its
%% arguments from its operands, so the call must be denied.
{module, adv_bif_tightening}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_bif_tightening},{atom,main},0}.
  {label,2}.
    {allocate,0,0}.
    {move,{atom,policy},{x,0}}.
    {move,{literal,#{mfas => [{adv_bif_tightening,'_','_'}]}},{x,1}}.
    {call_ext,2,{extfunc,erlang,process_flag,2}}.
    {move,{atom,policy},{x,0}}.
    {move,{atom,true},{x,2}}.
    {move,{atom,trap_exit},{x,1}}.
    {bif,process_flag,{f,0},[{x,1},{x,2}],{x,3}}.
    {move,{x,3},{x,0}}.
    {deallocate,0}.
    return.
