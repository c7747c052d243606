-module(atoms).
-export([main/0, id/1]).

%% Atom conversions, quoting rules in ~p and ~w, and atom comparisons.

id(X) -> X.

main() ->
    Atoms = [hello, 'Hello', 'with space', 'a-b', 'a@b', 'a.b', '', '123',
             'ok?', 'é', 'tab\there', 'quote\'s', 'back\\slash', true, 'true',
             'receive', 'end', 'andalso', aB_9, '_x', 'x_'],
    lists:foreach(fun(A) -> io:format("~p ~w ~s~n", [A, A, A]) end, Atoms),
    io:format("~p~n", [atom_to_list(hello)]),
    io:format("~p~n", [atom_to_binary(hello)]),
    io:format("~p~n", [atom_to_binary('é', utf8)]),
    io:format("~p~n", [atom_to_binary('é', latin1)]),
    io:format("~p~n", [list_to_atom("made_at_runtime")]),
    io:format("~p~n", [binary_to_atom(<<"from_bin">>, utf8)]),
    io:format("~p~n", [list_to_existing_atom("hello")]),
    R = try list_to_existing_atom("surely_no_such_atom_exists_xyzzy_42")
        catch error:badarg -> badarg
        end,
    io:format("~p~n", [R]),
    io:format("~p~n", [binary_to_existing_atom(<<"hello">>, utf8)]),
    io:format("~p~n", [is_atom(hello) andalso not is_atom("hello")]),
    io:format("~p~n", [hello == 'hello']),
    io:format("~p~n", [lists:sort(['b', 'B', 'a', 'A', 'aa', '_'])]),
    io:format("~p~n", [length(atom_to_list(?MODULE:id('a much longer atom name')))]),
    Long = list_to_atom(lists:duplicate(255, $x)),
    io:format("~p~n", [length(atom_to_list(Long))]),
    TooLong = try list_to_atom(lists:duplicate(256, $x))
              catch error:Reason -> Reason
              end,
    io:format("~p~n", [TooLong]),
    io:format("~p~n", [erlang:atom_to_list(?MODULE)]),
    io:format("~p~n", [[true, false, undefined, ok, error]]),
    io:format("~p~n", [{'EXIT', 'DOWN', nonode@nohost}]),
    ok.
