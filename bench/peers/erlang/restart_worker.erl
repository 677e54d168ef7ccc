%% A supervised gen_server whose init tells the benchmark when it ran.
-module(restart_worker).
-behaviour(gen_server).
-export([start_link/2, init/1, handle_call/3, handle_cast/2]).

start_link(Id, Collector) -> gen_server:start_link(?MODULE, {Id, Collector}, []).

init({Id, Collector}) ->
	Collector ! {started, Id, self(), erlang:monotonic_time(nanosecond)},
	{ok, Id}.
handle_call(_Request, _From, State) -> {reply, ok, State}.
handle_cast(_Message, State) -> {noreply, State}.
