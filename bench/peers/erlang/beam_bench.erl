%% The BEAM peer of bench/node/runtime.bench.ts: the same figures, the same N, two warm-ups
%% then the median of ?REPS runs, each run in a fresh process. Prints one JSON object.
%% Run on one scheduler: erl +S 1 +P 2000000 -noshell -pa <dir> -s beam_bench main
-module(beam_bench).
-export([main/0]).

-define(WARMUPS, 2).
-define(REPS, 9).
-define(SPAWNS, 100000).
-define(SERVERS, 100000).
-define(MESSAGES, 1000000).
-define(ROUND_TRIPS, 500000).
-define(CALLS, 500000).
-define(KILLS, 1000).
-define(IDLE, 1000000).

main() ->
	% Supervisor reports would flood stderr and slow every restart; our runtime logs nothing.
	logger:set_primary_config(level, none),
	io:setopts([{encoding, unicode}]),
	Figures = [
		figure("spawn+exit", "µs", fun spawn_exit/0),
		figure("memory per idle GenServer", "B", fun idle_servers/0),
		figure("one-way messages", "M msgs/s", fun one_way/0),
		figure("ping-pong", "M round trips/s", fun ping_pong/0),
		figure("GenServer.call", "M calls/s", fun calls/0),
		figure("one_for_one restart, 1,000 children", "µs", fun() -> restart(one_for_one, 1000) end),
		figure("one_for_all restart, 10 children", "µs", fun() -> restart(one_for_all, 10) end)
	] ++ idle_processes(),
	Env = io_lib:format("{\"otp\": \"~s\", \"schedulers\": ~b}", [
		erlang:system_info(otp_release), erlang:system_info(schedulers_online)
	]),
	io:format("{\"peer\": \"beam\", \"environment\": ~s, \"figures\": [~s]}~n", [
		Env, lists:join(", ", Figures)
	]),
	halt().

figure(Name, Unit, Measure) ->
	io:format(standard_error, "beam: ~s~n", [Name]),
	_ = [fresh(Measure) || _ <- lists:seq(1, ?WARMUPS)],
	Runs = [fresh(Measure) || _ <- lists:seq(1, ?REPS)],
	json(Name, Unit, median(Runs)).

json(Name, Unit, Value) ->
	io_lib:format("{\"name\": \"~s\", \"value\": ~s, \"unit\": \"~ts\"}", [
		Name, float_to_list(float(Value), [{decimals, 4}, compact]), Unit
	]).

%% Runs Measure in a new process, so that no run inherits another's heap or mailbox.
fresh(Measure) ->
	Count = erlang:system_info(process_count),
	{Pid, Ref} = spawn_monitor(fun() -> exit({result, Measure()}) end),
	receive
		{'DOWN', Ref, process, Pid, {result, Value}} ->
			await_process_count(Count),
			Value;
		{'DOWN', Ref, process, Pid, Reason} ->
			error(Reason)
	end.

%% Killed processes die asynchronously: wait until the ones a run left behind are gone.
await_process_count(Count) ->
	case erlang:system_info(process_count) > Count of
		true -> timer:sleep(1), await_process_count(Count);
		false -> ok
	end.

median(Xs) -> lists:nth((length(Xs) + 1) div 2, lists:sort(Xs)).

now_ns() -> erlang:monotonic_time(nanosecond).

%% With one scheduler the run queue is FIFO: a process spawned last runs after all the others.
await_run_queue() ->
	Self = self(),
	spawn(fun() -> Self ! drained end),
	receive drained -> ok end.

spawn_exit() ->
	T0 = now_ns(),
	spawn_n(?SPAWNS),
	await_run_queue(),
	(now_ns() - T0) / ?SPAWNS / 1000.

spawn_n(0) -> ok;
spawn_n(N) ->
	spawn(fun() -> ok end),
	spawn_n(N - 1).

%% The servers are linked to a holder, so the benchmark's own heap does not grow with them.
idle_servers() ->
	Self = self(),
	erlang:garbage_collect(),
	M0 = erlang:memory(processes),
	Holder = spawn(fun() ->
		[{ok, _} = gen_server:start_link(idle_server, [], []) || _ <- lists:seq(1, ?SERVERS)],
		erlang:garbage_collect(),
		Self ! started,
		receive _ -> ok end
	end),
	receive started -> ok end,
	M1 = erlang:memory(processes),
	exit(Holder, kill),
	(M1 - M0) / ?SERVERS.

one_way() ->
	Self = self(),
	Receiver = spawn(fun() -> count(?MESSAGES), Self ! done end),
	T0 = now_ns(),
	send_n(Receiver, ?MESSAGES),
	receive done -> ok end,
	?MESSAGES / ((now_ns() - T0) / 1.0e3).

count(0) -> ok;
count(N) -> receive _ -> count(N - 1) end.

send_n(_, 0) -> ok;
send_n(To, N) ->
	To ! message,
	send_n(To, N - 1).

ping_pong() ->
	Ponger = spawn(fun pong/0),
	T0 = now_ns(),
	ping(Ponger, ?ROUND_TRIPS),
	Rate = ?ROUND_TRIPS / ((now_ns() - T0) / 1.0e3),
	exit(Ponger, kill),
	Rate.

ping(_, 0) -> ok;
ping(Ponger, N) ->
	Ponger ! self(),
	receive pong -> ping(Ponger, N - 1) end.

pong() ->
	receive From -> From ! pong end,
	pong().

calls() ->
	{ok, Server} = gen_server:start(idle_server, [], []),
	T0 = now_ns(),
	call_n(Server, ?CALLS),
	Rate = ?CALLS / ((now_ns() - T0) / 1.0e3),
	exit(Server, kill),
	Rate.

call_n(_, 0) -> ok;
call_n(Server, N) ->
	ping = gen_server:call(Server, ping),
	call_n(Server, N - 1).

%% Kills a child ?KILLS times, round robin; the latency runs from the kill to the moment the
%% last replacement's init has run (one of them for one_for_one, all of them for one_for_all).
restart(Strategy, N) ->
	process_flag(trap_exit, true),
	{ok, Sup} = supervisor:start_link(restart_sup, {Strategy, N, self()}),
	Pids0 = collect(N, #{}),
	Expected = case Strategy of one_for_one -> 1; one_for_all -> N end,
	{Latencies, _} = lists:mapfoldl(
		fun(K, Pids) ->
			Id = K rem N + 1,
			T0 = now_ns(),
			exit(maps:get(Id, Pids), kill),
			{Started, Last} = collect_timed(Expected, Pids, T0),
			{(Last - T0) / 1000, Started}
		end,
		Pids0,
		lists:seq(1, ?KILLS)
	),
	exit(Sup, kill),
	median(Latencies).

collect(0, Pids) -> Pids;
collect(N, Pids) -> receive {started, Id, Pid, _} -> collect(N - 1, Pids#{Id => Pid}) end.

collect_timed(0, Pids, Last) -> {Pids, Last};
collect_timed(N, Pids, Last) ->
	receive
		{started, Id, Pid, T} -> collect_timed(N - 1, Pids#{Id => Pid}, max(T, Last))
	end.

%% One million processes blocked in receive, linked to a holder that is killed afterwards.
idle_processes() ->
	io:format(standard_error, "beam: 1M idle processes~n", []),
	{Bytes, Seconds} = fresh(fun() ->
		Self = self(),
		erlang:garbage_collect(),
		M0 = erlang:memory(processes),
		T0 = now_ns(),
		Holder = spawn(fun() ->
			spawn_idle(?IDLE),
			await_run_queue(),
			Self ! {ready, now_ns()},
			receive _ -> ok end
		end),
		receive {ready, T1} -> ok end,
		M1 = erlang:memory(processes),
		exit(Holder, kill),
		{(M1 - M0) / ?IDLE, (T1 - T0) / 1.0e9}
	end),
	[json("1M idle processes", "B", Bytes), json("1M idle processes: spawn time", "s", Seconds)].

spawn_idle(0) -> ok;
spawn_idle(N) ->
	spawn_link(fun() -> receive _ -> ok end end),
	spawn_idle(N - 1).
