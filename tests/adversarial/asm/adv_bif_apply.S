%% erlang:apply/2 as a bif op: it continues by calling Erlang code, which a
%% bif op cannot do, so the module must be rejected.
{module, adv_bif_apply}.
{exports, [{main,0}]}.
{attributes, []}.
{labels, 3}.

{function, main, 0, 2}.
  {label,1}.
    {func_info,{atom,adv_bif_apply},{atom,main},0}.
  {label,2}.
    {move,{literal,{erlang,self}},{x,0}}.
    {move,nil,{x,1}}.
    {bif,apply,{f,0},[{x,0},{x,1}],{x,0}}.
    return.
