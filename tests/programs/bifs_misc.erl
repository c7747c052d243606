-module(bifs_misc).
-export([main/0]).

%% erlang BIFs without a program of their own: memory/0,1, the date and
%% time conversions, timer options, send_nosuspend, the MD5 context BIFs,
%% iolist_to_iovec, garbage_collect/2, time_offset/1, process_flag/3,
%% fun_info_mfa, display_string and load_module. The output holds only
%% shapes, round trips and error atoms, never times, sizes, pids or refs.

main() ->
    memory(),
    time_conversions(),
    timers(),
    send_nosuspend(),
    md5_context(),
    iovec(),
    gc_options(),
    time_offset(),
    process_flag_other(),
    fun_info_mfa(),
    display(),
    load_module().

catching(F) ->
    try F() catch Class:Reason -> {Class, Reason} end.

memory() ->
    All = erlang:memory(),
    io:format("memory keys ~p~n", [[K || {K, _} <- All]]),
    io:format("memory values integers ~p~n",
              [lists:all(fun({_, V}) -> is_integer(V) andalso V >= 0 end, All)]),
    Total = erlang:memory(total),
    io:format("total is integer ~p~n", [is_integer(Total)]),
    Pairs = erlang:memory([ets, binary, processes]),
    io:format("memory list keys ~p~n", [[K || {K, _} <- Pairs]]),
    io:format("empty list ~p~n", [erlang:memory([])]),
    Sum = erlang:memory(processes) + erlang:memory(system),
    io:format("total near sum ~p~n", [abs(Sum - Total) < Total]),
    [{atom, A}, {atom_used, AU}] = erlang:memory([atom, atom_used]),
    io:format("atom >= atom_used ~p~n", [A >= AU]),
    io:format("unknown key ~p~n", [catching(fun() -> erlang:memory(foo) end)]),
    io:format("unknown in list ~p~n",
              [catching(fun() -> erlang:memory([total, foo]) end)]),
    io:format("not atom ~p~n", [catching(fun() -> erlang:memory(1) end)]),
    io:format("string ~p~n", [catching(fun() -> erlang:memory("total") end)]).

time_conversions() ->
    Good = [{{2024, 2, 29}, {23, 59, 59}}, {{1969, 12, 31}, {0, 0, 0}},
            {{1902, 1, 1}, {0, 0, 0}}, {{10000, 1, 1}, {0, 0, 0}}],
    [io:format("l2u ~p -> ~p~n", [T, erlang:localtime_to_universaltime(T)])
     || T <- Good],
    [io:format("u2l ~p -> ~p~n", [T, erlang:universaltime_to_localtime(T)])
     || T <- Good],
    io:format("dst true ~p~n",
              [erlang:localtime_to_universaltime({{2024, 1, 1}, {0, 0, 0}}, true)]),
    io:format("dst false ~p~n",
              [erlang:localtime_to_universaltime({{2024, 1, 1}, {0, 0, 0}}, false)]),
    io:format("dst undefined ~p~n",
              [erlang:localtime_to_universaltime({{2024, 3, 1}, {0, 30, 0}}, undefined)]),
    Bad = [{{2023, 2, 29}, {0, 0, 0}}, {{2024, 13, 1}, {0, 0, 0}},
           {{2024, 1, 0}, {0, 0, 0}}, {{2024, 1, 1}, {24, 0, 0}},
           {{2024, 1, 1}, {0, 60, 0}}, {{2024, 1, 1}, {0, 0, 60}},
           {{2024, 1, 1}, {0, 0}}, {{1901, 12, 31}, {23, 59, 59}},
           {{0, 1, 1}, {0, 0, 0}}, {{2024, 1, 1.0}, {0, 0, 0}},
           {2024, 1, 1}, foo],
    [io:format("bad ~p: ~p ~p ~p~n",
               [T,
                catching(fun() -> erlang:localtime_to_universaltime(T) end),
                catching(fun() -> erlang:universaltime_to_localtime(T) end),
                catching(fun() -> erlang:universaltime_to_posixtime(T) end)])
     || T <- Bad],
    io:format("bad dst ~p~n",
              [catching(fun() ->
                                erlang:localtime_to_universaltime({{2024, 1, 1}, {0, 0, 0}}, maybe)
                        end)]),
    Posix = [0, -1, 86399, 951782400, 1704067200, 253402300800,
             -62135596800, -100000000000, 1 bsl 40],
    [begin
         U = erlang:posixtime_to_universaltime(P),
         io:format("posix ~p -> ~p -> ~p~n",
                   [P, U, catching(fun() -> erlang:universaltime_to_posixtime(U) end)])
     end || P <- Posix],
    io:format("posix 1960 ~p~n",
              [erlang:universaltime_to_posixtime({{1960, 1, 1}, {0, 0, 0}})]),
    [io:format("posix year ~p ~p~n",
               [Y, catching(fun() -> erlang:universaltime_to_posixtime({{Y, 1, 1}, {0, 0, 0}}) end)])
     || Y <- [1, 1599, 1600, 1000000000]],
    io:format("posix float ~p~n",
              [catching(fun() -> erlang:posixtime_to_universaltime(1.0) end)]),
    io:format("posix atom ~p~n",
              [catching(fun() -> erlang:posixtime_to_universaltime(now) end)]).

timers() ->
    R = erlang:start_timer(100000, self(), x),
    io:format("read sync ~p~n", [is_integer(erlang:read_timer(R, []))]),
    io:format("read async ~p~n", [erlang:read_timer(R, [{async, true}])]),
    receive
        {read_timer, R, Left} -> io:format("read message ~p~n", [is_integer(Left)])
    after 1000 -> io:format("no read message~n")
    end,
    io:format("read async false ~p~n",
              [is_integer(erlang:read_timer(R, [{async, false}]))]),
    BadRead = [[foo], [{info, false}], [{async, maybe}], [{async, true} | x], x],
    [io:format("read bad ~p ~p~n", [O, catching(fun() -> erlang:read_timer(R, O) end)])
     || O <- BadRead],
    io:format("read not ref ~p~n", [catching(fun() -> erlang:read_timer(foo, []) end)]),
    BadCancel = [[foo], [{info, maybe}], [{async, 1}]],
    [io:format("cancel bad ~p ~p~n", [O, catching(fun() -> erlang:cancel_timer(R, O) end)])
     || O <- BadCancel],
    io:format("cancel silent ~p~n",
              [erlang:cancel_timer(R, [{async, true}, {info, false}])]),
    receive
        M1 -> io:format("unexpected ~p~n", [M1])
    after 50 -> io:format("no cancel message~n")
    end,
    io:format("cancel again async ~p~n", [erlang:cancel_timer(R, [{async, true}])]),
    receive
        {cancel_timer, R, Result} -> io:format("cancel message ~p~n", [Result])
    after 1000 -> io:format("no cancel message~n")
    end,
    io:format("read cancelled ~p~n", [erlang:read_timer(R, [])]),
    R2 = make_ref(),
    ok = erlang:read_timer(R2, [{async, true}]),
    receive
        {read_timer, R2, Result2} -> io:format("read unknown ~p~n", [Result2])
    after 1000 -> io:format("no read message~n")
    end.

send_nosuspend() ->
    io:format("nosuspend self ~p~n", [erlang:send_nosuspend(self(), one)]),
    io:format("nosuspend noconnect ~p~n",
              [erlang:send_nosuspend(self(), two, [noconnect])]),
    register(bifs_misc_target, self()),
    io:format("nosuspend name ~p~n", [erlang:send_nosuspend(bifs_misc_target, three, [])]),
    io:format("nosuspend name node ~p~n",
              [erlang:send_nosuspend({bifs_misc_target, node()}, four)]),
    Got = [receive M -> M after 1000 -> timeout end || _ <- [1, 2, 3, 4]],
    io:format("received ~p~n", [Got]),
    io:format("missing name node ~p~n",
              [erlang:send_nosuspend({nosuch, nonode@nohost}, x, [])]),
    io:format("other node ~p~n", [erlang:send_nosuspend({nosuch, other@host}, x, [])]),
    io:format("other node noconnect ~p~n",
              [erlang:send_nosuspend({nosuch, other@host}, x, [noconnect])]),
    Bad = [fun() -> erlang:send_nosuspend(nosuch, x) end,
           fun() -> erlang:send_nosuspend(nosuch, x, []) end,
           fun() -> erlang:send_nosuspend(1, x, []) end,
           fun() -> erlang:send_nosuspend(self(), x, [foo]) end,
           fun() -> erlang:send_nosuspend(self(), x, x) end,
           fun() -> erlang:send_nosuspend(self(), x, [noconnect | x]) end],
    [io:format("nosuspend bad ~p~n", [catching(F)]) || F <- Bad],
    receive
        Late -> io:format("unexpected ~p~n", [Late])
    after 50 -> ok
    end.

md5_context() ->
    Init = erlang:md5_init(),
    io:format("md5 context size ~p~n", [byte_size(Init)]),
    Data = [iolist_to_binary(lists:duplicate(N, N rem 256)) || N <- [0, 1, 55, 56, 64, 100, 1000]],
    [begin
         Pieces = [binary:part(D, P, min(13, byte_size(D) - P))
                   || P <- lists:seq(0, byte_size(D) - 1, 13)],
         Ctx = lists:foldl(fun(Piece, C) -> erlang:md5_update(C, Piece) end, Init, Pieces),
         io:format("md5 ~p pieces ~p one ~p~n",
                   [byte_size(D),
                    erlang:md5_final(Ctx) =:= erlang:md5(D),
                    erlang:md5_final(erlang:md5_update(Init, D)) =:= erlang:md5(D)])
     end || D <- Data],
    io:format("md5 abc ~p~n",
              [erlang:md5_final(erlang:md5_update(Init, ["a", <<"b">>, [$c]]))]),
    io:format("md5 update bad ctx ~p~n",
              [catching(fun() -> erlang:md5_update(<<1, 2>>, "a") end)]),
    io:format("md5 update bad data ~p~n", [catching(fun() -> erlang:md5_update(Init, 1) end)]),
    io:format("md5 update bad list ~p~n",
              [catching(fun() -> erlang:md5_update(Init, [256]) end)]),
    io:format("md5 final bad ~p~n",
              [catching(fun() -> erlang:md5_final(binary:copy(<<0>>, 92)) end)]),
    io:format("md5 final atom ~p~n", [catching(fun() -> erlang:md5_final(foo) end)]).

iovec() ->
    Inputs = [[<<"a">>, "bc", <<"d">>], <<"abc">>, <<>>, [], [[], <<>>],
              [binary:copy(<<"x">>, 100), "ab", binary:copy(<<"y">>, 70)],
              ["a" | <<"b">>]],
    [begin
         V = erlang:iolist_to_iovec(I),
         io:format("iovec ~p ~p ~p~n",
                   [is_list(V), lists:all(fun is_binary/1, V), iolist_to_binary(V)])
     end || I <- Inputs],
    Bad = [[256], <<1:3>>, foo, [<<1:3>>], [-1]],
    [io:format("iovec bad ~p ~p~n", [B, catching(fun() -> erlang:iolist_to_iovec(B) end)])
     || B <- Bad].

gc_options() ->
    io:format("gc self ~p~n", [erlang:garbage_collect(self(), [])]),
    io:format("gc minor ~p~n", [erlang:garbage_collect(self(), [{type, minor}])]),
    io:format("gc major ~p~n", [erlang:garbage_collect(self(), [{type, major}])]),
    io:format("gc async ~p~n", [erlang:garbage_collect(self(), [{async, req1}])]),
    receive M -> io:format("gc message ~p~n", [M]) after 1000 -> io:format("none~n") end,
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    io:format("gc dead ~p~n", [erlang:garbage_collect(Dead, [])]),
    io:format("gc dead async ~p~n", [erlang:garbage_collect(Dead, [{async, r2}])]),
    receive M2 -> io:format("gc message ~p~n", [M2]) after 1000 -> io:format("none~n") end,
    Bad = [[foo], [{type, full}], x, [{async, a} | x]],
    [io:format("gc bad ~p ~p~n", [B, catching(fun() -> erlang:garbage_collect(self(), B) end)])
     || B <- Bad],
    io:format("gc not pid ~p~n", [catching(fun() -> erlang:garbage_collect(foo, []) end)]).

time_offset() ->
    io:format("offset units ~p~n",
              [[is_integer(erlang:time_offset(U))
                || U <- [second, millisecond, microsecond, nanosecond, native, 1000]]]),
    io:format("offset bad ~p ~p~n",
              [catching(fun() -> erlang:time_offset(foo) end),
               catching(fun() -> erlang:time_offset(0) end)]).

process_flag_other() ->
    Other = spawn(fun() -> receive stop -> ok end end),
    Dead = spawn(fun() -> ok end),
    Ref = monitor(process, Dead),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    Calls = [fun() -> erlang:process_flag(Other, save_calls, 5) end,
             fun() -> erlang:process_flag(Other, save_calls, 0) end,
             fun() -> erlang:process_flag(Other, save_calls, 10000) end,
             fun() -> erlang:process_flag(Other, save_calls, 10001) end,
             fun() -> erlang:process_flag(Other, save_calls, -1) end,
             fun() -> erlang:process_flag(Other, save_calls, foo) end,
             fun() -> erlang:process_flag(Other, trap_exit, true) end,
             fun() -> erlang:process_flag(Other, priority, high) end,
             fun() -> erlang:process_flag(self(), save_calls, 3) end,
             fun() -> erlang:process_flag(save_calls, 0) end,
             fun() -> erlang:process_flag(Dead, save_calls, 3) end,
             fun() -> erlang:process_flag(foo, save_calls, 3) end],
    [io:format("process_flag/3 ~p~n", [catching(F)]) || F <- Calls],
    Other ! stop.

fun_info_mfa() ->
    Y = 3,
    Funs = [fun lists:map/2, fun(X) -> X end, fun(X, Z) -> X + Y + Z end, fun erlang:self/0],
    [io:format("fun_info_mfa ~p~n", [erlang:fun_info_mfa(F)]) || F <- Funs],
    io:format("fun_info_mfa bad ~p~n", [catching(fun() -> erlang:fun_info_mfa(foo) end)]).

%% display_string/1 and display_nl/0 write to standard error, which the
%% differential test does not compare, so only their results are printed.
display() ->
    io:format("display_string ~p~n", [erlang:display_string("bifs_misc display")]),
    io:format("display_nl ~p~n", [erlang:display_nl()]),
    io:format("display_string unicode ~p~n", [erlang:display_string([256, $\n])]),
    Bad = [<<"bin">>, foo, [-1], [16#110000], "a" ++ x],
    [io:format("display_string bad ~p~n", [catching(fun() -> erlang:display_string(B) end)])
     || B <- Bad].

%% Loads the compiled hello program from the code path under its own name
%% and under others.
load_module() ->
    {hello, Bin, _} = code:get_object_code(hello),
    io:format("load_module ~p~n", [erlang:load_module(hello, Bin)]),
    hello:main(),
    io:format("load_module again ~p~n", [erlang:load_module(hello, Bin)]),
    io:format("load_module other name ~p~n", [erlang:load_module(bifs_misc_other, Bin)]),
    io:format("load_module junk ~p~n", [erlang:load_module(hello, <<"junk">>)]),
    io:format("load_module empty ~p~n", [erlang:load_module(hello, <<>>)]),
    Bad = [fun() -> erlang:load_module("hello", Bin) end,
           fun() -> erlang:load_module(hello, "abc") end,
           fun() -> erlang:load_module(hello, <<1:3>>) end],
    [io:format("load_module bad ~p~n", [catching(F)]) || F <- Bad].
