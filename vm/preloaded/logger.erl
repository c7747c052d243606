%% Cordon's logger: the logging API of OTP 25's kernel `logger`, with one
%% fixed handler that writes what erl's default handler writes to standard
%% error.
%%
%% Cordon loads this module in place of OTP's, whose logger needs ETS, the
%% logger server process and its handler processes. Events pass the primary
%% level (notice unless set_primary_config/2 changes it) and the default
%% handler's domain filter, then are formatted in the calling process, as
%% OTP's logger_formatter does with `legacy_header => true` and
%% `single_line => false`. A report callback therefore runs in the process
%% that logs, and its call is judged by that process's call policy.
%%
%% NOTE: handlers, filters, formatter settings and per-module levels are not
%% configurable: the functions that would change them are not exported.
-module(logger).

-export([emergency/1, emergency/2, emergency/3,
         alert/1, alert/2, alert/3,
         critical/1, critical/2, critical/3,
         error/1, error/2, error/3,
         warning/1, warning/2, warning/3,
         notice/1, notice/2, notice/3,
         info/1, info/2, info/3,
         debug/1, debug/2, debug/3]).
-export([log/2, log/3, log/4, allow/2, macro_log/3, macro_log/4, macro_log/5,
         format_report/1, format_otp_report/1, timestamp/0, compare_levels/2,
         get_primary_config/0, set_primary_config/2,
         set_process_metadata/1, update_process_metadata/1,
         get_process_metadata/0, unset_process_metadata/0]).

-define(LEVEL_KEY, {?MODULE, primary_level}).
-define(METADATA_KEY, '$logger_metadata$').

emergency(X) -> log(emergency, X).
emergency(X, Y) -> log(emergency, X, Y).
emergency(X, Y, Z) -> log(emergency, X, Y, Z).
alert(X) -> log(alert, X).
alert(X, Y) -> log(alert, X, Y).
alert(X, Y, Z) -> log(alert, X, Y, Z).
critical(X) -> log(critical, X).
critical(X, Y) -> log(critical, X, Y).
critical(X, Y, Z) -> log(critical, X, Y, Z).
error(X) -> log(error, X).
error(X, Y) -> log(error, X, Y).
error(X, Y, Z) -> log(error, X, Y, Z).
warning(X) -> log(warning, X).
warning(X, Y) -> log(warning, X, Y).
warning(X, Y, Z) -> log(warning, X, Y, Z).
notice(X) -> log(notice, X).
notice(X, Y) -> log(notice, X, Y).
notice(X, Y, Z) -> log(notice, X, Y, Z).
info(X) -> log(info, X).
info(X, Y) -> log(info, X, Y).
info(X, Y, Z) -> log(info, X, Y, Z).
debug(X) -> log(debug, X).
debug(X, Y) -> log(debug, X, Y).
debug(X, Y, Z) -> log(debug, X, Y, Z).

log(Level, StringOrReport) ->
    do_log(Level, StringOrReport, #{}).

log(Level, StringOrReport, Metadata)
  when is_map(Metadata), not is_function(StringOrReport) ->
    do_log(Level, StringOrReport, Metadata);
log(Level, FunOrFormat, Args) ->
    do_log(Level, {FunOrFormat, Args}, #{}).

log(Level, FunOrFormat, Args, Metadata) ->
    do_log(Level, {FunOrFormat, Args}, Metadata).

allow(Level, Module) when is_atom(Module) ->
    allowed(Level).

macro_log(Location, Level, StringOrReport) ->
    log_allowed(Location, Level, StringOrReport, #{}).

macro_log(Location, Level, StringOrReport, Meta)
  when is_map(Meta), not is_function(StringOrReport) ->
    log_allowed(Location, Level, StringOrReport, Meta);
macro_log(Location, Level, FunOrFormat, Args) ->
    log_allowed(Location, Level, {FunOrFormat, Args}, #{}).

macro_log(Location, Level, FunOrFormat, Args, Meta) ->
    log_allowed(Location, Level, {FunOrFormat, Args}, Meta).

timestamp() ->
    os:system_time(microsecond).

compare_levels(A, B) ->
    case {level_rank(A), level_rank(B)} of
        {X, X} -> eq;
        {X, Y} when X < Y -> gt;
        _ -> lt
    end.

get_primary_config() ->
    #{level => primary_level(), metadata => #{}, filters => [],
      filter_default => log}.

set_primary_config(level, Level) ->
    case Level =:= all orelse Level =:= none orelse is_level(Level) of
        true -> persistent_term:put(?LEVEL_KEY, Level);
        false -> {error, {invalid_level, Level}}
    end;
set_primary_config(Key, Value) ->
    {error, {invalid_config, Key, Value}}.

set_process_metadata(Meta) when is_map(Meta) ->
    _ = put(?METADATA_KEY, Meta),
    ok;
set_process_metadata(Meta) ->
    erlang:error(badarg, [Meta]).

update_process_metadata(Meta) when is_map(Meta) ->
    set_process_metadata(maps:merge(proc_meta(), Meta));
update_process_metadata(Meta) ->
    erlang:error(badarg, [Meta]).

get_process_metadata() ->
    get(?METADATA_KEY).

unset_process_metadata() ->
    _ = erase(?METADATA_KEY),
    ok.

%% ---- levels ----

level_rank(emergency) -> 0;
level_rank(alert) -> 1;
level_rank(critical) -> 2;
level_rank(error) -> 3;
level_rank(warning) -> 4;
level_rank(notice) -> 5;
level_rank(info) -> 6;
level_rank(debug) -> 7;
level_rank(Other) -> erlang:error(badarg, [Other]).

is_level(L) ->
    lists:member(L, [emergency, alert, critical, error, warning, notice,
                     info, debug]).

primary_level() ->
    persistent_term:get(?LEVEL_KEY, notice).

allowed(Level) ->
    Rank = level_rank(Level),
    case primary_level() of
        all -> true;
        none -> false;
        Primary -> Rank =< level_rank(Primary)
    end.

%% ---- events ----

do_log(Level, Msg, Meta) ->
    case allowed(Level) of
        true -> log_allowed(#{}, Level, Msg, Meta);
        false -> ok
    end.

log_allowed(Location, Level, {Fun, FunArgs} = FunCall, Meta)
  when is_function(Fun, 1) ->
    try Fun(FunArgs) of
        {FunRes, #{} = FunMeta} ->
            log_fun_result(Location, Level, FunRes, maps:merge(Meta, FunMeta),
                           FunCall);
        FunRes ->
            log_fun_result(Location, Level, FunRes, Meta, FunCall)
    catch C:R ->
            log_allowed(Location, Level,
                        {"LAZY_FUN CRASH: ~tp; Reason: ~tp",
                         [{Fun, FunArgs}, {C, R}]},
                        Meta)
    end;
log_allowed(Location, Level, Msg, CallMeta) when is_map(CallMeta) ->
    Meta0 = maps:merge(Location, maps:merge(proc_meta(), CallMeta)),
    Meta = add_default_metadata(Meta0),
    case event_msg(Msg) of
        {ok, EventMsg} ->
            handle(#{level => Level, msg => EventMsg, meta => Meta});
        error ->
            erlang:error(function_clause, [Level, Msg, Meta])
    end.

log_fun_result(_Location, _Level, ignore, _Meta, _FunCall) ->
    ok;
log_fun_result(Location, Level, FunRes, Meta, FunCall) ->
    case event_msg(FunRes) of
        {ok, _} ->
            log_allowed(Location, Level, FunRes, Meta);
        error ->
            log_allowed(Location, Level,
                        {"LAZY_FUN ERROR: ~tp; Returned: ~tp",
                         [FunCall, FunRes]},
                        Meta)
    end.

event_msg({Format, Args}) when is_list(Args), (is_list(Format) orelse
                                               is_binary(Format) orelse
                                               is_atom(Format)) ->
    {ok, {deatomize(Format), Args}};
event_msg(Report) when is_map(Report) ->
    {ok, {report, Report}};
event_msg(Report) when is_list(Report), Report =/= [], is_tuple(hd(Report)) ->
    {ok, {report, Report}};
event_msg(String) when is_list(String); is_binary(String) ->
    {ok, {string, String}};
event_msg(_) ->
    error.

deatomize(Atom) when is_atom(Atom) -> atom_to_list(Atom);
deatomize(Other) -> Other.

proc_meta() ->
    case get_process_metadata() of
        Meta when is_map(Meta) -> Meta;
        _ -> #{}
    end.

add_default_metadata(Meta) ->
    Defaults = #{pid => self(), gl => group_leader(), time => timestamp()},
    maps:merge(Defaults, Meta).

%% ---- the default handler ----

%% erl's default handler logs events without a domain and events whose
%% domain is a prefix of [otp, sasl], and drops the rest.
handle(#{meta := Meta} = Event) ->
    case domain_passes(maps:get(domain, Meta, undefined)) of
        true -> io:put_chars(standard_error, format(Event));
        false -> ok
    end.

domain_passes(undefined) -> true;
domain_passes(Domain) when is_list(Domain) -> lists:prefix(Domain, [otp, sasl]);
domain_passes(_) -> false.

format(#{level := Level, msg := Msg, meta := Meta}) ->
    Header = header(Level, Meta),
    [Header, "\n", format_msg(Msg, Meta), "\n"].

header(Level, Meta) ->
    Title = title(Level, Meta),
    {{Y, Mo, D}, {H, Mi, S}, Micro} = utc_datetime(maps:get(time, Meta)),
    io_lib:format("=~ts==== ~w-~s-~4w::~2..0w:~2..0w:~2..0w.~6..0w ===",
                  [Title, D, month(Mo), Y, H, Mi, S, Micro]).

title(Level, Meta) ->
    case maps:get(logger_formatter, Meta, #{}) of
        #{title := Title} ->
            Title;
        _ ->
            Shown = case Level =:= notice andalso maps:is_key(error_logger, Meta) of
                        true -> info;
                        false -> Level
                    end,
            string:uppercase(atom_to_list(Shown)) ++ " REPORT"
    end.

%% NOTE: erl prints local time; this prints UTC, as Cordon's localtime/0
%% does.
utc_datetime(Micros) when is_integer(Micros) ->
    Seconds = Micros div 1000000,
    Micro = Micros rem 1000000,
    Days = Seconds div 86400,
    Rest = Seconds rem 86400,
    {civil_from_days(Days), {Rest div 3600, Rest div 60 rem 60, Rest rem 60},
     Micro}.

%% Converts days since 1970-01-01 to {Year, Month, Day} in the proleptic
%% Gregorian calendar (Howard Hinnant's days-to-civil algorithm).
civil_from_days(Days) ->
    Z = Days + 719468,
    Era = floor_div(Z, 146097),
    Doe = Z - Era * 146097,
    Yoe = (Doe - Doe div 1460 + Doe div 36524 - Doe div 146096) div 365,
    Doy = Doe - (365 * Yoe + Yoe div 4 - Yoe div 100),
    Mp = (5 * Doy + 2) div 153,
    Day = Doy - (153 * Mp + 2) div 5 + 1,
    Month = case Mp < 10 of true -> Mp + 3; false -> Mp - 9 end,
    Year = Yoe + Era * 400 + (case Month =< 2 of true -> 1; false -> 0 end),
    {Year, Month, Day}.

floor_div(A, B) when A >= 0 -> A div B;
floor_div(A, B) -> -((-A + B - 1) div B).

month(M) ->
    element(M, {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                "Oct", "Nov", "Dec"}).

-define(CB_OPTIONS, #{depth => unlimited, chars_limit => unlimited,
                      single_line => false}).

format_msg({string, Chardata}, Meta) ->
    format_msg({"~ts", [Chardata]}, Meta);
format_msg({report, Report}, #{report_cb := Fun} = Meta) when is_function(Fun, 1) ->
    try Fun(Report) of
        {Format, Args} when is_list(Format), is_list(Args) ->
            format_msg({Format, Args}, maps:remove(report_cb, Meta));
        Other ->
            format_msg({"REPORT_CB/1 ERROR: ~tp; Returned: ~tp",
                        [Report, Other]}, Meta)
    catch C:R:S ->
            format_msg({"REPORT_CB/1 CRASH: ~tp; Reason: ~tp",
                        [Report, {C, R, S}]}, Meta)
    end;
format_msg({report, Report}, #{report_cb := Fun} = Meta) when is_function(Fun, 2) ->
    try Fun(Report, ?CB_OPTIONS) of
        Chardata when is_list(Chardata); is_binary(Chardata) ->
            case unicode:characters_to_list(Chardata) of
                List when is_list(List) ->
                    List;
                _ ->
                    format_msg({"REPORT_CB/2 ERROR: ~tp; Returned: ~tp",
                                [Report, Chardata]}, Meta)
            end;
        Other ->
            format_msg({"REPORT_CB/2 ERROR: ~tp; Returned: ~tp",
                        [Report, Other]}, Meta)
    catch C:R:S ->
            format_msg({"REPORT_CB/2 CRASH: ~tp; Reason: ~tp",
                        [Report, {C, R, S}]}, Meta)
    end;
format_msg({report, Report}, Meta) ->
    format_msg({report, Report}, Meta#{report_cb => fun format_report/1});
format_msg({Format, Args}, _Meta) ->
    try
        io_lib:format(Format, Args)
    catch _:_ ->
            io_lib:format("FORMAT ERROR: ~tp - ~tp", [Format, Args])
    end.

format_otp_report(#{label := _, report := Report}) ->
    format_report(Report);
format_otp_report(Report) ->
    format_report(Report).

format_report(Report) when is_map(Report) ->
    format_report(maps:to_list(Report));
format_report(Report) ->
    try lists:flatten(Report) of
        [] ->
            {"~tp", [[]]};
        FlatList ->
            case is_string(FlatList) of
                true -> {"~ts", [FlatList]};
                false -> format_term_list(Report, [], [])
            end
    catch _:_ ->
            {"~tp", [Report]}
    end.

format_term_list([{Tag, Data} | T], Format, Args) ->
    PorS = case string_p(Data) of
               true -> "s";
               false -> "p"
           end,
    format_term_list(T, ["    ~tp: ~t" ++ PorS | Format], [Data, Tag | Args]);
format_term_list([Data | T], Format, Args) ->
    format_term_list(T, ["    ~tp" | Format], [Data | Args]);
format_term_list([], Format, Args) ->
    {lists:flatten(lists:join($\n, lists:reverse(Format))), lists:reverse(Args)}.

string_p(List) ->
    try lists:flatten(List) of
        FlatList -> is_string(FlatList)
    catch _:_ -> false
    end.

is_string([]) -> false;
is_string(FlatList) -> io_lib:printable_unicode_list(FlatList).
