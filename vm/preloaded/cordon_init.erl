%% Stands in for OTP's init process, which programs expect to find
%% registered as init. Cordon's own boot code does init's work, and
%% init:stop/0,1 are BIFs, so this process only receives and drops
%% messages.
-module(cordon_init).
-export([start/0]).

start() ->
    loop().

loop() ->
    receive
        _ -> loop()
    end.
