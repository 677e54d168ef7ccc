%% A gen_server that does nothing but answer calls: the idle server and the call target.
-module(idle_server).
-behaviour(gen_server).
-export([init/1, handle_call/3, handle_cast/2]).

init(State) -> {ok, State}.
handle_call(Request, _From, State) -> {reply, Request, State}.
handle_cast(_Message, State) -> {noreply, State}.
