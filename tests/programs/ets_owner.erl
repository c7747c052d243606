-module(ets_owner).
-export([main/0]).

%% Table ownership: the owner's exit, heirs, give_away, access rights,
%% named tables, rename and info.

try_(F) ->
    try F() catch C:R -> {C, R} end.

%% Runs F in a new process and returns its result.
in_process(F) ->
    Self = self(),
    Pid = spawn(fun() -> Self ! {self(), try_(F)} end),
    receive {Pid, R} -> R end.

main() ->
    owner_death(),
    heir(),
    give_away(),
    access(),
    named(),
    info().

%% Spawns an owner that creates a table with Options, hands it back and
%% waits for `stop`; returns the table and the owner's pid.
spawn_owner(Options) ->
    Self = self(),
    Owner = spawn(fun() ->
                          T = ets:new(owned, Options),
                          ets:insert(T, {k, v}),
                          Self ! {table, T},
                          receive stop -> ok end
                  end),
    receive {table, T} -> {T, Owner} end.

stop(Pid) ->
    Ref = monitor(process, Pid),
    Pid ! stop,
    receive {'DOWN', Ref, process, Pid, _} -> ok end.

owner_death() ->
    {T, Owner} = spawn_owner([public]),
    io:format("before exit: ~p~n", [ets:lookup(T, k)]),
    stop(Owner),
    io:format("after exit: ~p~n", [try_(fun() -> ets:lookup(T, k) end)]),
    io:format("info after exit: ~p~n", [ets:info(T)]),
    {N, Owner2} = spawn_owner([named_table, public]),
    io:format("named: ~p ~p~n", [N, ets:lookup(owned, k)]),
    exit(Owner2, kill),
    timer:sleep(10),
    io:format("named after kill: ~p ~p~n",
              [try_(fun() -> ets:lookup(owned, k) end), ets:whereis(owned)]),
    {T3, Owner3} = spawn_owner([public]),
    Pid = spawn(fun() -> receive _ -> ok end end),
    in_process(fun() -> ets:insert(T3, {other, Pid}) end),
    stop(Owner3),
    io:format("writer's entry gone with the table: ~p~n", [ets:info(T3, size)]).

heir() ->
    Self = self(),
    {T, Owner} = spawn_owner([{heir, Self, my_data}]),
    io:format("heir info: ~p~n", [ets:info(T, heir) =:= Self]),
    stop(Owner),
    receive
        {'ETS-TRANSFER', Tab, From, Data} ->
            io:format("transfer: ~p ~p ~p~n", [Tab =:= T, From =:= Owner, Data])
    after 1000 ->
            io:format("no transfer~n")
    end,
    io:format("new owner: ~p ~p~n", [ets:info(T, owner) =:= Self, ets:lookup(T, k)]),
    ets:insert(T, {mine, now}),
    io:format("heir after transfer: ~p~n", [ets:info(T, heir) =:= Self]),
    {T2, Owner2} = spawn_owner([{heir, none}]),
    stop(Owner2),
    io:format("heir none: ~p~n", [try_(fun() -> ets:lookup(T2, k) end)]),
    Dead = spawn(fun() -> ok end),
    timer:sleep(10),
    {T3, Owner3} = spawn_owner([{heir, Dead, x}]),
    stop(Owner3),
    io:format("dead heir: ~p~n", [ets:info(T3)]),
    {T4, Owner4} = spawn_owner([named_table]),
    Owner4 ! stop,
    timer:sleep(10),
    io:format("named gone: ~p~n", [ets:info(owned)]),
    T5 = ets:new(t5, []),
    io:format("setopts heir: ~p ~p~n",
              [ets:setopts(T5, {heir, self(), d}), ets:info(T5, heir) =:= self()]),
    io:format("setopts heir none: ~p ~p~n", [ets:setopts(T5, [{heir, none}]), ets:info(T5, heir)]),
    io:format("setopts bad: ~p~n", [try_(fun() -> ets:setopts(T5, [{keypos, 2}]) end)]),
    io:format("setopts not owner: ~p~n",
              [in_process(fun() -> ets:setopts(T5, {heir, none}) end)]),
    _ = T4.

give_away() ->
    T = ets:new(gift, [protected]),
    ets:insert(T, {k, 1}),
    Self = self(),
    Receiver = spawn(fun() ->
                             receive
                                 {'ETS-TRANSFER', Tab, From, Data} ->
                                     ets:insert(Tab, {written_by_new_owner, true}),
                                     Self ! {got, Tab =:= T, From =:= Self, Data,
                                             ets:info(Tab, owner) =:= self()}
                             end,
                             receive stop -> ok end
                     end),
    io:format("give_away: ~p~n", [ets:give_away(T, Receiver, gift_data)]),
    receive {got, SameTab, FromMe, Data, Owns} ->
            io:format("received: ~p ~p ~p ~p~n", [SameTab, FromMe, Data, Owns])
    end,
    io:format("old owner writes: ~p~n", [try_(fun() -> ets:insert(T, {x, 1}) end)]),
    io:format("old owner reads: ~p~n", [lists:sort(ets:tab2list(T))]),
    io:format("give back by non-owner: ~p~n", [try_(fun() -> ets:give_away(T, self(), x) end)]),
    stop(Receiver),
    io:format("gone with new owner: ~p~n", [ets:info(T)]),
    Mine = ets:new(mine, []),
    io:format("give to self: ~p~n", [try_(fun() -> ets:give_away(Mine, self(), x) end)]),
    Dead = spawn(fun() -> ok end),
    timer:sleep(10),
    io:format("give to dead: ~p~n", [try_(fun() -> ets:give_away(Mine, Dead, x) end)]),
    io:format("give to non-pid: ~p~n", [try_(fun() -> ets:give_away(Mine, foo, x) end)]).

access() ->
    Pub = ets:new(pub, [public]),
    Prot = ets:new(prot, [protected]),
    Priv = ets:new(priv, [private]),
    [ets:insert(T, {k, 1}) || T <- [Pub, Prot, Priv]],
    lists:foreach(
      fun({Name, T}) ->
              io:format("~p read: ~p~n", [Name, in_process(fun() -> ets:lookup(T, k) end)]),
              io:format("~p write: ~p~n", [Name, in_process(fun() -> ets:insert(T, {k, 2}) end)]),
              io:format("~p select: ~p~n",
                        [Name, in_process(fun() -> ets:select(T, [{'_', [], ['$_']}]) end)]),
              io:format("~p delete key: ~p~n", [Name, in_process(fun() -> ets:delete(T, k) end)]),
              io:format("~p info: ~p~n", [Name, in_process(fun() -> ets:info(T, size) end)]),
              io:format("~p owner reads: ~p~n", [Name, ets:lookup(T, k)])
      end,
      [{public, Pub}, {protected, Prot}, {private, Priv}]),
    io:format("public table deleted by other: ~p ~p~n",
              [in_process(fun() -> ets:delete(Pub) end), ets:info(Pub)]),
    io:format("protected table deleted by other: ~p~n",
              [in_process(fun() -> ets:delete(Prot) end)]),
    io:format("setopts protection: ~p~n", [ets:setopts(Priv, {protection, public})]),
    io:format("now public: ~p~n", [in_process(fun() -> ets:lookup(Priv, k) end)]).

named() ->
    N = ets:new(my_named, [named_table, ordered_set]),
    io:format("named id: ~p~n", [N]),
    ets:insert(my_named, {a, 1}),
    io:format("by name: ~p~n", [ets:lookup(my_named, a)]),
    Ref = ets:whereis(my_named),
    io:format("whereis: ~p ~p~n", [is_reference(Ref), ets:lookup(Ref, a)]),
    io:format("whereis unknown: ~p~n", [ets:whereis(not_a_table)]),
    io:format("duplicate name: ~p~n", [try_(fun() -> ets:new(my_named, [named_table]) end)]),
    io:format("unnamed may share: ~p~n", [is_reference(ets:new(my_named, []))]),
    io:format("in all: ~p ~p~n", [lists:member(my_named, ets:all()), lists:member(Ref, ets:all())]),
    io:format("rename: ~p~n", [ets:rename(my_named, renamed)]),
    io:format("old name: ~p~n", [try_(fun() -> ets:lookup(my_named, a) end)]),
    io:format("new name: ~p ~p~n", [ets:lookup(renamed, a), ets:info(renamed, name)]),
    ets:new(taken, [named_table]),
    io:format("rename to taken: ~p~n", [try_(fun() -> ets:rename(renamed, taken) end)]),
    U = ets:new(unnamed, []),
    io:format("rename unnamed: ~p ~p~n", [ets:rename(U, other) =:= U, ets:info(U, name)]),
    io:format("unnamed by name: ~p~n", [try_(fun() -> ets:lookup(other, a) end)]).

info() ->
    T = ets:new(info_t, [bag, {keypos, 2}, named_table, public]),
    ets:insert(T, [{x, 1}, {y, 1}, {z, 2}]),
    Items = [size, type, keypos, protection, named_table, name, compressed, node,
             read_concurrency, write_concurrency, decentralized_counters, heir, fixed],
    io:format("info/2: ~p~n", [[{I, ets:info(T, I)} || I <- Items]]),
    io:format("info/1 keys: ~p~n", [[K || {K, _} <- ets:info(T)]]),
    io:format("info/1 size: ~p~n", [proplists:get_value(size, ets:info(T))]),
    io:format("memory is an integer: ~p~n", [is_integer(ets:info(T, memory))]),
    io:format("owner: ~p~n", [ets:info(T, owner) =:= self()]),
    io:format("bad item: ~p~n", [try_(fun() -> ets:info(T, bogus) end)]),
    io:format("bad table: ~p~n", [try_(fun() -> ets:info("x") end)]),
    io:format("unknown name: ~p ~p~n", [ets:info(nope), ets:info(nope, size)]),
    ets:safe_fixtable(T, true),
    io:format("fixed: ~p ~p~n", [ets:info(T, fixed), element(2, ets:info(T, safe_fixed)) =:= [{self(), 1}]]),
    ets:safe_fixtable(T, false),
    io:format("unfixed: ~p ~p~n", [ets:info(T, fixed), ets:info(T, safe_fixed)]),
    C = ets:new(c, [{write_concurrency, true}, {read_concurrency, true}, compressed]),
    io:format("tuning: ~p~n",
              [[ets:info(C, I) || I <- [write_concurrency, read_concurrency, compressed]]]).
