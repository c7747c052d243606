%% Loads one small module 70,000 times with code:load_binary/3, then
%% prints with io:format/2, whose module is loaded only at that point.
%% erl purges the old version at each load, so this succeeds there.
-module(adv_reload).
-export([main/0]).

-include("adv_reload_target.hrl").

main() ->
    Result = load(70000),
    io:format("result: ~p~n", [Result]).

load(0) -> ok;
load(N) ->
    case code:load_binary(adv_reload_target, "adv_reload_target.beam", ?TARGET_BEAM) of
        {module, adv_reload_target} -> load(N - 1);
        Error -> {failed_after, 70000 - N, Error}
    end.
