-module(policy_funs).
-export([main/0, double/1]).

%% Fun calls. An export fun is checked as its {M, F, A}. A local fun is
%% checked as the function that implements it: the name that
%% erlang:fun_info(Fun, name) returns, with the fun's arity plus its number
%% of free variables. A fun made by an unrestricted process runs under the
%% policy of the process that calls it.
%%
%% Each child adds its layer with process_flag, so that its own initial
%% call needs no pattern. The funs come from local calls, which are not
%% checked, and pass through id/1: erlc turns the call of a fun whose code
%% it knows into a local call, which would not be checked either.

-include("policy_case.hrl").

main() ->
    show(inc_name, erlang:fun_info(make_inc(), name)),
    show(inc_arity, erlang:fun_info(make_inc(), arity)),
    show(adder_name, erlang:fun_info(make_adder(10), name)),
    show(adder_arity, erlang:fun_info(make_adder(10), arity)),
    show(adder_free_variable_count, length(element(2, erlang:fun_info(make_adder(10), env)))),
    show(pair_name, erlang:fun_info(make_pair(a, b), name)),

    Named = #{mfas => [{?MODULE, '-make_inc/0-fun-0-', 1}, {?MODULE, '-make_pair/2-fun-0-', 2}]},
    show(named_funs, in_child(Named, named_funs)),
    %% The fun's own arity, 1, does not name the function of arity 2.
    show(adder_listed_with_fun_arity,
         in_child(#{mfas => [{?MODULE, '-make_adder/1-fun-0-', 1}]}, adder)),
    show(adder_listed_with_function_arity,
         in_child(#{mfas => [{?MODULE, '-make_adder/1-fun-0-', 2}]}, adder)),
    show(deny_inc,
         in_child(#{mode => deny, mfas => [{?MODULE, '-make_inc/0-fun-0-', 1}]}, inc_and_adder)),
    show(deny_own_module, in_child(#{mode => deny, mfas => [{?MODULE, '_', '_'}]}, own_module)),
    show(export_funs, in_child(#{mfas => [{lists, member, 2}]}, export_funs)),
    show(fun_called_by_lists_map,
         in_child(#{mfas => [{lists, map, 2}, {?MODULE, '-make_inc/0-fun-0-', 1}]}, lists_map)),
    funs_from_unrestricted_process().

%% The main process makes the funs and sends them to a restricted child. The
%% child may call a fun of this module, but the fun's body then calls
%% atom_to_list/1 under the child's policy.
funs_from_unrestricted_process() ->
    Parent = self(),
    Tag = make_ref(),
    Child = spawn(fun() ->
                          process_flag(policy, #{mfas => [{?MODULE, '_', '_'}]}),
                          Parent ! {Tag, ready},
                          receive
                              {funs, Local, Export} ->
                                  Parent ! {Tag, {?TRY(Local()), ?TRY(Export(42))}}
                          after 1000 ->
                              Parent ! {Tag, timeout}
                          end
                  end),
    show(child_ready, await(Tag)),
    Child ! {funs, fun() -> atom_to_list(id(abc)) end, fun erlang:integer_to_list/1},
    show(funs_from_unrestricted_process, await(Tag)).

%% Runs body(Case) in a child that first adds the layer Spec, and returns
%% its result. A local call runs the case, so only what the case itself
%% calls is checked.
in_child(Spec, Case) ->
    Parent = self(),
    Tag = make_ref(),
    spawn(fun() ->
                  process_flag(policy, Spec),
                  Parent ! {Tag, body(Case)}
          end),
    await(Tag).

body(named_funs) ->
    Inc = id(make_inc()),
    Adder = id(make_adder(10)),
    Pair = id(make_pair(a, b)),
    {?TRY(Inc(41)), ?TRY(Adder(1)), ?TRY(Pair())};
body(adder) ->
    Adder = id(make_adder(10)),
    ?TRY(Adder(1));
body(inc_and_adder) ->
    Inc = id(make_inc()),
    Adder = id(make_adder(10)),
    {?TRY(Inc(41)), ?TRY(Adder(1))};
body(own_module) ->
    %% Denying the whole module denies its funs and external calls into it,
    %% while local calls still run.
    Inc = id(make_inc()),
    {?TRY(Inc(41)), ?TRY(?MODULE:double(21)), ?TRY(double(21))};
body(export_funs) ->
    Member = id(fun lists:member/2),
    Keyfind = id(fun lists:keyfind/3),
    AtomToList = id(fun erlang:atom_to_list/1),
    Double = id(fun ?MODULE:double/1),
    {?TRY(Member(b, [a, b])),
     ?TRY(Keyfind(a, 1, [{a, 1}])),
     ?TRY(AtomToList(abc)),
     ?TRY(Double(21))};
body(lists_map) ->
    %% lists:map/2 calls the fun from the code of lists, and the call is
    %% checked all the same.
    {?TRY(lists:map(make_inc(), [1, 2, 3])),
     ?TRY(lists:map(id(fun erlang:atom_to_list/1), [abc]))}.

make_inc() ->
    fun(X) -> X + 1 end.

make_adder(N) ->
    fun(X) -> X + N end.

make_pair(A, B) ->
    fun() -> {A, B} end.

double(X) -> 2 * X.
