%% Runtime cases, one per -run argument: adv_runtime:main(["CASE"]).
%% A case either prints "result: Term" or lets an exception end the entry
%% process, so that the test can check the exit status and the reason.
-module(adv_runtime).
-export([main/1]).

main([Case]) ->
    Result = run(list_to_atom(Case)),
    io:format("result: ~p~n", [Result]).

%% Erlang exceptions raised for resources out of range.
run(make_tuple_huge) ->
    erlang:make_tuple(1 bsl 40, a);
run(binary_copy_huge) ->
    binary:copy(<<1>>, 1 bsl 40);
run(list_to_atom_long) ->
    list_to_atom(lists:duplicate(256, $a));
run(atom_table_full) ->
    make_atoms(0, 2000000);
run(apply_300) ->
    apply(erlang, max, lists:seq(1, 300));
run(raise_odd_stacktrace) ->
    erlang:raise(error, foo, [{a, b, c, d, e}, junk, 1]);
run(format_broken) ->
    io:format(id("~q ~p~n"), id([a]));
run(deep_recursion) ->
    depth(10000000);
run(binary_to_term_hostile) ->
    [decode(Bytes) || Bytes <- hostile_terms()];
run(binary_append_loop) ->
    byte_size(append_bytes(150000, <<>>));
run(fun_env_too_few) ->
    binary_to_term(with_free_vars(make_closure(hello), []));
run(fun_env_too_many) ->
    binary_to_term(with_free_vars(make_closure(hello), lists:seq(1, 3000)));
run(halt_in_main) ->
    erlang:halt(3);
%% Cases that Cordon does not yet handle the way erl does.
run(deep_term_round_trip) ->
    Term = nest(2000),
    binary_to_term(term_to_binary(Term)) =:= Term;
run(duplicate_map_keys) ->
    binary_to_term(<<131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2>>);
run(receive_after_huge) ->
    receive
    after id(1 bsl 40) -> waited
    end;
run(put_many) ->
    [put(I, I) || I <- lists:seq(1, 300000)],
    length(get());
run(spawn_many) ->
    [spawn(fun() -> receive stop -> ok end end) || _ <- lists:seq(1, 1000000)],
    length(processes()).

id(X) -> X.

make_atoms(N, N) -> ok;
make_atoms(I, N) ->
    _ = list_to_atom("adv_atom_" ++ integer_to_list(I)),
    make_atoms(I + 1, N).

depth(0) -> 0;
depth(N) -> 1 + depth(N - 1).

nest(0) -> leaf;
nest(N) -> {nest(N - 1)}.

decode(Bytes) ->
    try binary_to_term(Bytes) of
        Term -> {ok, Term}
    catch
        Class:Reason -> {Class, Reason}
    end.

%% External terms that claim more data than they hold, or that are
%% malformed in other ways. erl rejects each with badarg.
hostile_terms() ->
    [
        <<>>,
        <<131>>,
        <<131, 104, 255>>,
        <<131, 105, 255, 255, 255, 255>>,
        <<131, 108, 255, 255, 255, 255, 106>>,
        <<131, 109, 255, 255, 255, 255>>,
        <<131, 110, 255, 0>>,
        <<131, 111, 255, 255, 255, 255, 0>>,
        <<131, 116, 255, 255, 255, 255>>,
        <<131, 80, 255, 255, 255, 255, 120, 156>>,
        <<131, 80, 0, 0, 0, 10, 1, 2, 3>>,
        <<131, 77, 255, 255, 255, 255, 3, 0>>,
        <<131, 77, 0, 0, 0, 1, 9, 0>>,
        <<131, 118, 255, 255, "abc">>,
        <<131, 119, 3, 255, 254, 253>>,
        <<131, 70, 127, 240, 0, 0, 0, 0, 0, 0>>,
        <<131, 70, 127, 248, 0, 0, 0, 0, 0, 1>>,
        <<131, 99, "1.0e999", 0:24/unit:8>>,
        <<131, 113, 97, 1, 97, 1, 97, 1>>,
        <<131, 112, 0, 0, 0, 10, 0, 0:16/unit:8, 0, 0, 0, 0, 0:32>>,
        <<131, 82, 0>>,
        <<131, 68, 1, 0>>,
        <<131, 107, 255, 255, 0>>
    ].

make_closure(X) -> fun() -> X end.

%% Re-encodes the local fun F with FreeVars as its captured values, keeping
%% its module, index, uniq and creator.
with_free_vars(F, FreeVars) ->
    <<131, 112, _Size:32, Rest/binary>> = term_to_binary(F),
    <<Arity, Uniq:16/binary, Index:32, _NumFree:32, Tail/binary>> = Rest,
    %% Tail holds the module, old index, old uniq and pid, then the values.
    Head = leading_terms(Tail, 4, <<>>),
    Values = << <<(term_body(V))/binary>> || V <- FreeVars >>,
    Body = <<Arity, Uniq/binary, Index:32, (length(FreeVars)):32, Head/binary, Values/binary>>,
    <<131, 112, (byte_size(Body) + 4):32, Body/binary>>.

term_body(T) ->
    <<131, Body/binary>> = term_to_binary(T),
    Body.

leading_terms(_, 0, Acc) -> Acc;
leading_terms(Bin, N, Acc) ->
    {_, Used} = binary_to_term(<<131, Bin/binary>>, [used]),
    Length = Used - 1,
    <<Term:Length/binary, Rest/binary>> = Bin,
    leading_terms(Rest, N - 1, <<Acc/binary, Term/binary>>).

append_bytes(0, Acc) -> Acc;
append_bytes(N, Acc) -> append_bytes(N - 1, <<Acc/binary, (N band 255)>>).
