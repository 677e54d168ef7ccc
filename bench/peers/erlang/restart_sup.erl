%% A flat supervisor of N restart_workers, with an intensity no benchmark reaches.
-module(restart_sup).
-behaviour(supervisor).
-export([init/1]).

init({Strategy, N, Collector}) ->
	Flags = #{strategy => Strategy, intensity => 1000000, period => 1},
	Children = [
		#{id => Id, start => {restart_worker, start_link, [Id, Collector]}}
	 || Id <- lists:seq(1, N)
	],
	{ok, {Flags, Children}}.
