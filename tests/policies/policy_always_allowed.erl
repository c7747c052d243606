-module(policy_always_allowed).
-export([main/0]).

%% Functions that no layer checks: type tests, arithmetic, comparisons,
%% boolean operators, the other guard BIFs, ++, --, setelement/3, the
%% raising BIFs, and erlang:send/2,3 to a pid. They work under an empty
%% allowlist, while any other erlang BIF is still denied there.
%%
%% The child receives its inputs in a message, so that erlc cannot fold the
%% expressions into constants. The child computes everything in local
%% calls, which are not checked.

-include("policy_case.hrl").

main() ->
    Parent = self(),
    Tag = make_ref(),
    Inputs = {a, 7, 2, 2.5, [1, 2], {x, y}, #{k => v}, <<"abcd">>, <<1:1>>, true, fun id/1,
              {r, 1}},
    Child = spawn(fun() ->
                          process_flag(policy, #{}),
                          receive
                              {Tag, Received} -> Parent ! {Tag, checks(Received)}
                          after 1000 ->
                              Parent ! {Tag, timeout}
                          end
                  end),
    Child ! {Tag, Inputs},
    case await(Tag) of
        Results when is_list(Results) ->
            lists:foreach(fun({Label, Result}) -> show(Label, Result) end, Results);
        Other ->
            show(results, Other)
    end.

checks({A, I, J, F, L, Tuple, Map, Bin, Bits, True, Fun, Record}) ->
    False = not True,
    [{type_tests, [is_atom(A), is_binary(Bin), is_bitstring(Bits), is_boolean(True),
                   is_float(F), is_function(Fun), is_function(Fun, 1), is_integer(I),
                   is_list(L), is_map(Map), is_number(F), is_pid(self()), is_port(A),
                   is_reference(A), is_tuple(Tuple), is_record(Record, r, 2)]},
     {arithmetic, [I + J, I - J, I * J, I / J, I div J, I rem J, -I, +I]},
     {bit_operators, [I band J, I bor J, I bxor J, I bsl J, I bsr J, bnot I]},
     {number_bifs, [abs(-I), float(I), trunc(F), round(F), ceil(F), floor(F), max(I, J),
                    min(I, J)]},
     {comparisons, [I < J, I =< J, I > J, I >= J, I == J, I /= J, I =:= J, I =/= J]},
     {boolean_operators, [True and False, True or False, True xor True, not True]},
     {term_bifs, [element(1, Tuple), hd(L), tl(L), length(L), tuple_size(Tuple),
                  byte_size(Bin), bit_size(Bits), size(Tuple), map_size(Map),
                  map_get(k, Map), is_map_key(k, Map)]},
     {binary_part, [binary_part(Bin, 1, 2), binary_part(Bin, {0, 1})]},
     {node, [node(), node(self())]},
     {list_operators, [L ++ [3], L -- [1]]},
     {setelement, setelement(2, Tuple, z)},
     {error_1, error_1(A)},
     {error_2, error_2(A)},
     {error_3, error_3(A)},
     {throw_1, throw_1(A)},
     {exit_1, exit_1(A)},
     {raise_3, raise_3(A)},
     {send_to_pid, send_to_pid(A)},
     %% A fun call is checked as the fun's MFA, and erlang:element/2 is
     %% always allowed.
     {export_fun_of_element, ?TRY((id(fun erlang:element/2))(1, Tuple))},
     {atom_to_list, ?TRY(atom_to_list(A))},
     {tuple_to_list, ?TRY(tuple_to_list(Tuple))},
     {make_tuple, ?TRY(erlang:make_tuple(J, A))},
     {process_info, ?TRY(process_info(self()))}].

error_1(X) ->
    try error(X) catch error:Reason -> {error, Reason} end.

error_2(X) ->
    try error(X, [X]) catch error:Reason -> {error, Reason} end.

error_3(X) ->
    try error(X, [X], [{error_info, #{}}]) catch error:Reason -> {error, Reason} end.

throw_1(X) ->
    try throw(X) catch throw:Reason -> {throw, Reason} end.

exit_1(X) ->
    try exit(X) catch exit:Reason -> {exit, Reason} end.

raise_3(X) ->
    try erlang:raise(error, X, []) catch error:Reason -> {error, Reason} end.

send_to_pid(X) ->
    erlang:send(self(), {first, X}),
    erlang:send(self(), {second, X}, []),
    receive
        {first, First} ->
            receive
                {second, Second} -> {First, Second}
            after 1000 ->
                timeout
            end
    after 1000 ->
        timeout
    end.
