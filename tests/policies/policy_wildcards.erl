-module(policy_wildcards).
-export([main/0]).

%% Wildcards in patterns: '_' in place of F matches every function name and
%% '_' in place of A every arity, but M is always matched exactly. A
%% concrete arity matches only that arity.

-include("policy_case.hrl").

main() ->
    Own = {?MODULE, '_', '_'},
    AnyName = #{mfas => [Own, {lists, '_', 2}]},
    show(any_name_member_2, run([AnyName], fun() -> ?TRY(lists:member(b, [a, b])) end)),
    show(any_name_reverse_2, run([AnyName], fun() -> ?TRY(lists:reverse([2, 1], [3])) end)),
    show(any_name_keyfind_3,
         run([AnyName], fun() -> ?TRY(lists:keyfind(a, 1, [{a, 1}])) end)),
    show(any_name_other_module, run([AnyName], fun() -> ?TRY(atom_to_list(id(abc))) end)),

    AnyArity = #{mfas => [Own, {erlang, integer_to_list, '_'}]},
    show(any_arity_1, run([AnyArity], fun() -> ?TRY(integer_to_list(id(42))) end)),
    show(any_arity_2, run([AnyArity], fun() -> ?TRY(integer_to_list(id(42), 16)) end)),
    show(any_arity_other_name, run([AnyArity], fun() -> ?TRY(atom_to_list(id(abc))) end)),

    WholeModule = #{mfas => [Own, {lists, '_', '_'}]},
    show(whole_module_member,
         run([WholeModule], fun() -> ?TRY(lists:member(b, [a, b])) end)),
    show(whole_module_keyfind,
         run([WholeModule], fun() -> ?TRY(lists:keyfind(a, 1, [{a, 1}])) end)),
    show(whole_module_other_module,
         run([WholeModule], fun() -> ?TRY(integer_to_list(id(42))) end)),

    ZeroArity = #{mfas => [Own, {erlang, '_', 0}]},
    show(arity_0_make_ref, run([ZeroArity], fun() -> ?TRY(is_reference(make_ref())) end)),
    show(arity_0_not_arity_1, run([ZeroArity], fun() -> ?TRY(atom_to_list(id(abc))) end)),

    ExactArity = #{mfas => [Own, {lists, reverse, 1}]},
    show(exact_arity_other_arity,
         run([ExactArity], fun() -> ?TRY(lists:reverse([2, 1], [3])) end)),

    %% Operators, setelement/3, self/0 and sends to a pid are always allowed,
    %% so denying every erlang function leaves them working.
    DenyErlang = #{mode => deny, mfas => [{erlang, '_', '_'}]},
    show(deny_erlang_atom_to_list, run([DenyErlang], fun() -> ?TRY(atom_to_list(id(abc))) end)),
    show(deny_erlang_whereis, run([DenyErlang], fun() -> ?TRY(whereis(no_such_name)) end)),
    show(deny_erlang_always_allowed,
         run([DenyErlang], fun() ->
                                   Tuple = setelement(1, id({a, b}), x),
                                   Appended = id([1]) ++ id([2]),
                                   Sent = erlang:send(self(), sent),
                                   Received = receive sent -> received after 1000 -> timeout end,
                                   {Tuple, Appended, Sent, Received, is_pid(self())}
                           end)),
    show(deny_erlang_other_module,
         run([DenyErlang], fun() -> ?TRY(lists:member(b, [a, b])) end)),

    DenyArity2 = #{mode => deny, mfas => [{lists, '_', 2}]},
    show(deny_any_name_member_2,
         run([DenyArity2], fun() -> ?TRY(lists:member(b, [a, b])) end)),
    show(deny_any_name_keyfind_3,
         run([DenyArity2], fun() -> ?TRY(lists:keyfind(a, 1, [{a, 1}])) end)).
