-module(policy_hibernate).
-export([main/0, woken/2]).

%% erlang:hibernate/3 is an ordinary MFA, and it also checks the function
%% it will resume into. The resume cases use on_violation => kill, so that
%% their output is the same whether the check runs when hibernate/3 is
%% called or when the process wakes.

-include("policy_case.hrl").

main() ->
    Own = {?MODULE, '_', '_'},
    Hibernate = {erlang, hibernate, 3},
    show(hibernate_listed, hibernate_case(#{mfas => [Own, Hibernate]}, woken)),
    show(hibernate_not_listed, hibernate_case(#{mfas => [Own]}, woken)),
    show(resume_denied,
         hibernate_case(#{mode => deny, mfas => [{?MODULE, woken, 2}], on_violation => kill},
                        woken)),
    show(resume_not_listed,
         hibernate_case(#{mfas => [Own, Hibernate], on_violation => kill}, atom_to_list)).

%% Starts a child under Spec that hibernates into ?MODULE:woken(Parent, Tag),
%% or into erlang:atom_to_list(abc) when Resume is atom_to_list, then sends
%% it a message to wake it. Returns the child's reply, the error its
%% hibernate call raised, or {down, Reason}.
hibernate_case(Spec, Resume) ->
    Parent = self(),
    Tag = make_ref(),
    {Child, Monitor} =
        spawn_opt(fun() ->
                          Result = case Resume of
                                       woken ->
                                           ?TRY(erlang:hibernate(?MODULE, woken, [Parent, Tag]));
                                       atom_to_list ->
                                           ?TRY(erlang:hibernate(erlang, atom_to_list, [abc]))
                                   end,
                          Parent ! {Tag, Result}
                  end,
                  [{policy, Spec}, monitor]),
    Child ! wake,
    receive
        {Tag, Result} ->
            erlang:demonitor(Monitor, [flush]),
            Result;
        {'DOWN', Monitor, process, Child, Reason} ->
            {down, Reason}
    after 1000 ->
        timeout
    end.

%% Runs when the child wakes from hibernation.
woken(Parent, Tag) ->
    receive
        wake -> Parent ! {Tag, woken}
    after 1000 ->
        Parent ! {Tag, timeout}
    end.
