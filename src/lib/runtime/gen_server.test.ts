// Behaviour tests for GenServer, after OTP's gen_server documentation and
// lib/stdlib/test/gen_server_SUITE.erl (the OTP test case is named in a comment).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	CallExit,
	GenServer,
	Registry,
	TIMEOUT,
	createNode,
	type ExitReason,
	type From,
	type GenServerModule,
	type Node,
	type Pid
} from './index';
import { show } from '$lib/supertester/inspect';
import {
	Journal,
	expectCallExit,
	inProcess,
	isExitMessage,
	okPid,
	track
} from '$lib/testing/runtime';

/** What the suite's server saw, in order. */
interface Log {
	inits: Pid[];
	terminated: Array<[ExitReason, unknown]>;
	infos: unknown[];
	casts: unknown[];
}

function newLog(): Log {
	return { inits: [], terminated: [], infos: [], casts: [] };
}

function isTagged(m: unknown, tag: string): m is [string, ...unknown[]] {
	return Array.isArray(m) && m[0] === tag;
}

function stateOf<K extends string>(s: unknown, key: K): unknown {
	return typeof s === 'object' && s !== null && key in s
		? (s as Record<K, unknown>)[key]
		: undefined;
}

/**
 * The tested gen_server, after gen_server_SUITE's own callback module.
 * Init args: undefined → ['ok', null]; 'ignore'; 'stop' → ['stop', 'stopped'];
 * 'bad' → a bad return; ['sleep', ms]; ['state', s]; ['timeout', ms]; 'trap';
 * ['exit', reason]; ['throw', value].
 */
function suiteServer(log: Log): GenServerModule<unknown, unknown> {
	return {
		name: 'gen_server_SUITE',
		async init(arg, ctx) {
			log.inits.push(ctx.self);
			if (arg === undefined) return ['ok', null];
			if (arg === 'ignore') return 'ignore';
			if (arg === 'stop') return ['stop', 'stopped'];
			if (arg === 'bad') return 'badreturn' as never;
			if (arg === 'trap') {
				ctx.trapExit(true);
				return ['ok', null];
			}
			if (isTagged(arg, 'sleep')) {
				await ctx.sleep(Number(arg[1]));
				return ['ok', null];
			}
			if (isTagged(arg, 'state')) return ['ok', arg[1]];
			if (isTagged(arg, 'timeout')) return ['ok', 'init_timeout', Number(arg[1])];
			if (isTagged(arg, 'exit')) ctx.exit(arg[1]);
			if (isTagged(arg, 'throw')) throw arg[1];
			throw new Error(`unknown init arg ${show(arg)}`);
		},
		handleCall(req, from, state, ctx) {
			if (req === 'started_p') return ['reply', 'ok', state];
			if (req === 'get') return ['reply', state, state];
			if (req === 'self') return ['reply', ctx.self, state];
			if (isTagged(req, 'delayed_answer')) return ['noreply', { replyTo: from }, Number(req[1])];
			if (isTagged(req, 'call_within')) return ['reply', 'ok', 'call_within', Number(req[1])];
			if (req === 'next_call') {
				return state === 'call_within' ? ['reply', 'ok', null] : ['reply', false, state];
			}
			if (req === 'hold') return ['noreply', { held: from }];
			if (req === 'badreturn') return 'badreturn' as never;
			if (req === 'stop') return ['stop', 'stopped', 'ok', state];
			if (req === 'crash') ctx.exit('crashed');
			if (req === 'stop_shutdown') return ['stop', 'shutdown', state];
			if (req === 'stop_shutdown_reason') return ['stop', ['shutdown', 'stop_reason'], state];
			return ['reply', ['unknown_call', req], state];
		},
		handleCast(msg, state) {
			log.casts.push(msg);
			if (isTagged(msg, 'release')) {
				GenServer.reply(stateOf(state, 'held') as From, msg[1]);
				return ['noreply', null];
			}
			if (isTagged(msg, 'delayed_cast')) return ['noreply', 'delayed_cast', Number(msg[1])];
			if (isTagged(msg, 'set')) return ['noreply', msg[1]];
			if (msg === 'stop') return ['stop', 'cast_stopped', state];
			return ['noreply', state];
		},
		handleInfo(msg, state) {
			log.infos.push(msg);
			if (msg === 'timeout') {
				const replyTo = stateOf(state, 'replyTo') as From | undefined;
				if (replyTo) GenServer.reply(replyTo, 'delayed');
				return ['noreply', null];
			}
			if (isTagged(msg, 'delayed_info')) return ['noreply', 'delayed_info', Number(msg[1])];
			if (msg === 'stop') return ['stop', 'info_stopped', state];
			return ['noreply', state];
		},
		terminate(reason, state) {
			log.terminated.push([reason, state]);
		}
	};
}

describe('GenServer', () => {
	let node: Node;
	let log: Log;
	let j: Journal;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
		log = newLog();
		j = new Journal(node);
	});
	afterEach(async () => {
		await node.shutdown();
	});

	describe('start', () => {
		// gen_server_SUITE:start (anonymous)
		it('starts an anonymous server and runs init in it before start resolves', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			expect(log.inits).toEqual([pid]);
			expect(node.isAlive(pid)).toBe(true);
			expect(await GenServer.call(node, pid, 'started_p')).toBe('ok');
			expect(node.processInfo(pid)?.behaviour).toBe('gen_server');
			expect(node.processInfo(pid)?.module).toBe('gen_server_SUITE');
		});

		it('does not resolve start until an asynchronous init has returned', async () => {
			const start = track(GenServer.start(node, suiteServer(log), ['sleep', 100]));
			await node.settle();
			expect(log.inits).toHaveLength(1);
			expect(start.settled).toBe(false);
			await node.advance(100);
			expect(okPid(await start.promise)).toBe(log.inits[0]);
		});

		// gen_server_SUITE:start (anonymous with timeout)
		it('gives [error, timeout] and kills the process when init outlasts opts.timeout', async () => {
			const start = track(
				GenServer.start(node, suiteServer(log), ['sleep', 1000], { timeout: 100 })
			);
			await node.settle();
			const [pid] = log.inits;
			j.name(pid, 'server');
			await node.advance(99);
			expect(start.settled).toBe(false);
			await node.advance(1);
			expect(await start.promise).toEqual(['error', 'timeout']);
			expect(node.isAlive(pid)).toBe(false);
			expect(j.exits).toEqual([['server', 'killed']]);
		});

		it('does not take down a linked caller when startLink times out', async () => {
			const caller = inProcess(node, (ctx) =>
				GenServer.startLink(ctx, suiteServer(log), ['sleep', 1000], { timeout: 100 })
			);
			j.name(caller.pid, 'caller');
			await node.settle();
			j.name(log.inits[0], 'server');
			await node.advance(100);
			expect(await caller.result).toEqual(['error', 'timeout']);
			await node.settle();
			expect(j.exits).toEqual([
				['server', 'killed'],
				['caller', 'normal']
			]);
		});

		it('waits for init without limit by default (timeout infinity)', async () => {
			const start = track(GenServer.start(node, suiteServer(log), ['sleep', 60_000]));
			await node.settle();
			await node.advance(59_999);
			expect(start.settled).toBe(false);
			await node.advance(1);
			expect(okPid(await start.promise)).toBe(log.inits[0]);
		});

		// gen_server_SUITE:start (anonymous with ignore), otp_7669
		it('gives ignore when init returns ignore, and the process exits normal', async () => {
			const result = await GenServer.start(node, suiteServer(log), 'ignore', { name: 'ignorer' });
			expect(result).toBe('ignore');
			const [pid] = log.inits;
			expect(node.isAlive(pid)).toBe(false);
			expect(node.whereis('ignorer')).toBeUndefined();
			expect(j.trace).toContainEqual(
				expect.objectContaining({ type: 'exit', pid, reason: 'normal' })
			);
		});

		// gen_server_SUITE:start (anonymous with stop), otp_7669
		it('gives [error, reason] when init returns [stop, reason], and registers no name', async () => {
			const result = await GenServer.start(node, suiteServer(log), 'stop', { name: 'stopper' });
			expect(result).toEqual(['error', 'stopped']);
			const [pid] = log.inits;
			expect(node.isAlive(pid)).toBe(false);
			expect(node.whereis('stopper')).toBeUndefined();
			expect(j.trace).toContainEqual(
				expect.objectContaining({ type: 'exit', pid, reason: 'stopped' })
			);
		});

		it('gives [error, [bad_return_value, v]] when init returns something else', async () => {
			const result = await GenServer.start(node, suiteServer(log), 'bad');
			expect(result).toEqual(['error', ['bad_return_value', 'badreturn']]);
			expect(node.isAlive(log.inits[0])).toBe(false);
		});

		it('gives [error, reason] when init exits or throws, with the reason as thrown', async () => {
			expect(await GenServer.start(node, suiteServer(log), ['exit', 'init_failed'])).toEqual([
				'error',
				'init_failed'
			]);
			const thrown = new Error('boom');
			expect(await GenServer.start(node, suiteServer(log), ['throw', thrown])).toEqual([
				'error',
				thrown
			]);
			expect(log.inits.map((p) => node.isAlive(p))).toEqual([false, false]);
			expect(log.terminated).toEqual([]);
		});

		// gen_server_SUITE:start (local register)
		it('registers opts.name and refuses a taken name with [error, [already_started, pid]]', async () => {
			const pid = okPid(
				await GenServer.start(node, suiteServer(log), undefined, { name: 'my_test_name' })
			);
			expect(node.whereis('my_test_name')).toBe(pid);
			expect(await GenServer.call(node, 'my_test_name', 'started_p')).toBe('ok');
			expect(
				await GenServer.start(node, suiteServer(log), undefined, { name: 'my_test_name' })
			).toEqual(['error', ['already_started', pid]]);
			expect(await GenServer.call(node, 'my_test_name', 'stop')).toBe('ok');
			await node.settle();
			expect(node.whereis('my_test_name')).toBeUndefined();
			await expectCallExit(GenServer.call(node, pid, 'started_p', 10), 'noproc', 'noproc');
		});

		it('registers the name before init runs', async () => {
			let seen: Pid | undefined;
			const mod: GenServerModule<null> = {
				init: (_, ctx) => {
					seen = ctx.node.whereis('early');
					return ['ok', null];
				}
			};
			const pid = okPid(await GenServer.start(node, mod, undefined, { name: 'early' }));
			expect(seen).toBe(pid);
		});

		// gen_server_SUITE:start (via register)
		it('registers a Registry.via name, usable to call, and refuses it when taken', async () => {
			okPid(await Registry.start(node, { name: 'dummy_via' }));
			const name = Registry.via('dummy_via', 'my_test_name');
			const pid = okPid(await GenServer.start(node, suiteServer(log), undefined, { name }));
			expect(Registry.lookup(node, 'dummy_via', 'my_test_name').map(([p]) => p)).toEqual([pid]);
			expect(await GenServer.call(node, name, 'self')).toBe(pid);
			expect(await GenServer.start(node, suiteServer(log), undefined, { name })).toEqual([
				'error',
				['already_started', pid]
			]);
			await GenServer.stop(node, name);
			await node.settle();
			expect(Registry.lookup(node, 'dummy_via', 'my_test_name')).toEqual([]);
		});

		// gen_server_SUITE:start (anonymous linked)
		it('links the server to the caller of startLink', async () => {
			const { pid: parent, result } = inProcess(node, async (ctx) => {
				const server = okPid(await GenServer.startLink(ctx, suiteServer(log)));
				await ctx.receive({ match: (m) => m === 'release' });
				return server;
			});
			await node.settle();
			const [server] = log.inits;
			expect(node.processInfo(parent)?.links).toContain(server);
			expect(node.processInfo(server)?.links).toContain(parent);
			expect(node.processInfo(server)?.parent).toBe(parent);
			node.send(parent, 'release');
			expect(await result).toBe(server);
		});

		it('builds a child spec whose id defaults to the module name', () => {
			const spec = GenServer.childSpec(suiteServer(log), 'arg');
			expect(spec.id).toBe('gen_server_SUITE');
			expect(typeof spec.start).toBe('function');
			expect(
				GenServer.childSpec(suiteServer(log), 'arg', { id: 'other', restart: 'temporary' })
			).toMatchObject({ id: 'other', restart: 'temporary' });
		});
	});

	describe('call', () => {
		// gen_server_SUITE:call
		it('returns the reply of handleCall and keeps the new state', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log), ['state', 41]));
			expect(await GenServer.call(node, pid, 'get')).toBe(41);
			expect(await node.call(pid, 'started_p')).toBe('ok');
		});

		// gen_server_SUITE:call (delayed_answer): [noreply, s, timeout] then GenServer.reply
		it('replies later through GenServer.reply after [noreply, s, timeout]', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			const call = track(GenServer.call(node, pid, ['delayed_answer', 50]));
			await node.settle();
			await node.advance(49);
			expect(call.settled).toBe(false);
			await node.advance(1);
			expect(await call.promise).toBe('delayed');
			expect(log.infos).toEqual(['timeout']);
		});

		it('replies from another callback after [noreply, s]', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			const call = track(GenServer.call(node, pid, 'hold'));
			await node.settle();
			expect(call.settled).toBe(false);
			GenServer.cast(node, pid, ['release', 'released']);
			expect(await call.promise).toBe('released');
			await node.advance(10_000);
			expect(log.infos).toEqual([]);
		});

		it('takes a reply from any process that holds the From', async () => {
			const helper = inProcess(node, async (ctx) => {
				const from = (await ctx.receive()) as From;
				GenServer.reply(from, ['answered by', ctx.self]);
			});
			const mod: GenServerModule<null> = {
				init: () => ['ok', null],
				handleCall: (_req, from, state, ctx) => {
					ctx.send(helper.pid, from);
					return ['noreply', state];
				}
			};
			const pid = okPid(await GenServer.start(node, mod));
			expect(await GenServer.call(node, pid, 'question')).toEqual(['answered by', helper.pid]);
			await helper.result;
		});

		it('routes each deferred reply to the caller whose From it was given', async () => {
			const mod: GenServerModule<From[]> = {
				init: () => ['ok', []],
				handleCall: (_req, from, waiting) => ['noreply', [...waiting, from]],
				handleCast: (_msg, waiting) => {
					waiting.forEach((from, i) => GenServer.reply(from, ['reply', i]));
					return ['noreply', []];
				}
			};
			const pid = okPid(await GenServer.start(node, mod));
			const first = inProcess(node, (ctx) => ctx.call(pid, 'first', 'infinity'));
			await node.settle();
			const second = inProcess(node, (ctx) => ctx.call(pid, 'second', 'infinity'));
			await node.settle();
			GenServer.cast(node, pid, 'release');
			expect([await first.result, await second.result]).toEqual([
				['reply', 0],
				['reply', 1]
			]);
		});

		// gen_server_SUITE:call (call_within): [reply, r, s, timeout]
		it('delivers timeout to handleInfo when no message arrives within a reply timeout', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			expect(await GenServer.call(node, pid, ['call_within', 1000])).toBe('ok');
			await node.advance(500);
			expect(await GenServer.call(node, pid, 'next_call')).toBe('ok');
			expect(await GenServer.call(node, pid, ['call_within', 1000])).toBe('ok');
			await node.advance(999);
			expect(log.infos).toEqual([]);
			await node.advance(1);
			expect(log.infos).toEqual(['timeout']);
			expect(await GenServer.call(node, pid, 'next_call')).toBe(false);
		});

		// gen_server_SUITE:call (timeout call)
		it('rejects with CallExit timeout when the reply is late, and the server lives on', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			const call = expectCallExit(
				GenServer.call(node, pid, ['delayed_answer', 30], 10),
				'timeout',
				'timeout'
			);
			await node.settle();
			await node.advance(10);
			await call;
			await node.advance(100);
			expect(node.isAlive(pid)).toBe(true);
			expect(await GenServer.call(node, pid, 'started_p')).toBe('ok');
		});

		it('drops a reply that arrives after the call timed out', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			const { result } = inProcess(node, async (ctx) => {
				const outcome = await ctx.call(pid, ['delayed_answer', 30], 10).catch((e: unknown) => e);
				await ctx.sleep(100);
				return { outcome, stray: await ctx.receive({ timeout: 0 }) };
			});
			await node.settle();
			await node.advance(110);
			await node.settle();
			const { outcome, stray } = await result;
			expect(outcome).toBeInstanceOf(CallExit);
			expect(log.infos).toEqual(['timeout']);
			expect(stray).toBe(TIMEOUT);
		});

		it('times out after 5000 ms by default', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			const call = track(GenServer.call(node, pid, 'hold'));
			const rejected = expectCallExit(call.promise, 'timeout', 'timeout');
			await node.settle();
			await node.advance(4999);
			expect(call.settled).toBe(false);
			await node.advance(1);
			await rejected;
		});

		it('waits forever with timeout infinity', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			const call = track(GenServer.call(node, pid, 'hold', 'infinity'));
			await node.settle();
			await node.advance(1_000_000);
			expect(call.settled).toBe(false);
			GenServer.cast(node, pid, ['release', 'late']);
			expect(await call.promise).toBe('late');
		});

		// gen_server_SUITE:start (call after stop gives noproc)
		it('rejects with CallExit noproc when the server is dead or the name unregistered', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			await GenServer.stop(node, pid);
			await expectCallExit(GenServer.call(node, pid, 'started_p'), 'noproc', 'noproc');
			await expectCallExit(GenServer.call(node, 'nobody', 'started_p'), 'noproc', 'noproc');
		});

		// gen_server_SUITE:crash
		it('rejects with the server exit reason when the server dies during the call', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			j.name(pid, 'server');
			await expectCallExit(GenServer.call(node, pid, 'crash'), 'crashed', 'exit');
			await node.settle();
			expect(j.exits).toEqual([['server', 'crashed']]);
			expect(log.terminated).toEqual([['crashed', null]]);
		});

		// gen_server_SUITE:crash (stop_shutdown, stop_shutdown_reason)
		it('rejects with the stop reason for [stop, reason, s] from handleCall', async () => {
			const a = okPid(await GenServer.start(node, suiteServer(log)));
			await expectCallExit(GenServer.call(node, a, 'stop_shutdown'), 'shutdown', 'exit');
			const b = okPid(await GenServer.start(node, suiteServer(log)));
			await expectCallExit(
				GenServer.call(node, b, 'stop_shutdown_reason'),
				['shutdown', 'stop_reason'],
				'exit'
			);
			await node.settle();
			expect(log.terminated.map(([r]) => r)).toEqual(['shutdown', ['shutdown', 'stop_reason']]);
			expect([node.isAlive(a), node.isAlive(b)]).toEqual([false, false]);
		});

		// gen_server_SUITE:start (stop with a reply), terminate called
		it('replies, then terminates, for [stop, reason, reply, s]', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log), ['state', 'st']));
			j.name(pid, 'server');
			expect(await GenServer.call(node, pid, 'stop')).toBe('ok');
			await node.settle();
			expect(log.terminated).toEqual([['stopped', 'st']]);
			expect(j.exits).toEqual([['server', 'stopped']]);
		});

		// gen_server_SUITE:call (bad return value)
		it('exits with [bad_return_value, v] when handleCall returns something else', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			j.name(pid, 'server');
			await expectCallExit(
				GenServer.call(node, pid, 'badreturn'),
				['bad_return_value', 'badreturn'],
				'exit'
			);
			await node.settle();
			expect(j.exits).toEqual([['server', ['bad_return_value', 'badreturn']]]);
		});

		it('refuses a call to itself with CallExit calling_self instead of deadlocking', async () => {
			const mod: GenServerModule<null> = {
				init: () => ['ok', null],
				async handleCall(req, _from, state, ctx) {
					if (req === 'inner') return ['reply', 'inner', state];
					const outcome = await ctx.call(ctx.self, 'inner').catch((e: unknown) => e);
					return ['reply', outcome, state];
				}
			};
			const pid = okPid(await GenServer.start(node, mod));
			const call = track(GenServer.call(node, pid, 'outer', 'infinity'));
			await node.settle();
			expect(call.settled, 'the call to itself deadlocked until the call timeout').toBe(true);
			await expectCallExit(
				call.promise.then((outcome) => Promise.reject(outcome)),
				'calling_self'
			);
		});

		it('is also reachable through Caller.call on a process context', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log), ['state', 7]));
			const { result } = inProcess(node, (ctx) => ctx.call(pid, 'get'));
			expect(await result).toBe(7);
		});
	});

	describe('cast and info', () => {
		// gen_server_SUITE:cast
		it('handles casts in order and returns at once', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			GenServer.cast(node, pid, ['set', 1]);
			GenServer.cast(node, pid, ['set', 2]);
			node.cast(pid, 'hello');
			await node.settle();
			expect(log.casts).toEqual([['set', 1], ['set', 2], 'hello']);
			expect(await GenServer.getState(node, pid)).toBe(2);
		});

		it('casts to an unregistered name or a dead pid without throwing', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			await GenServer.stop(node, pid);
			expect(() => GenServer.cast(node, 'nobody', 'hello')).not.toThrow();
			expect(() => node.cast('nobody', 'hello')).not.toThrow();
			expect(() => GenServer.cast(node, pid, 'hello')).not.toThrow();
			const { result } = inProcess(node, (ctx) => ctx.cast('nobody', 'hello'));
			await expect(result).resolves.toBeUndefined();
		});

		// gen_server_SUITE:cast (delayed_cast): [noreply, s, timeout]
		it('delivers timeout to handleInfo after [noreply, s, timeout] from handleCast', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			GenServer.cast(node, pid, ['delayed_cast', 100]);
			await node.settle();
			await node.advance(99);
			expect(log.infos).toEqual([]);
			await node.advance(1);
			expect(log.infos).toEqual(['timeout']);
		});

		it('delivers timeout to handleInfo after [ok, s, timeout] from init', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log), ['timeout', 100]));
			await node.advance(100);
			expect(log.infos).toEqual(['timeout']);
			expect(await GenServer.getState(node, pid)).toBe(null);
		});

		it('cancels a result timeout when any message arrives first', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log), ['timeout', 100]));
			await node.advance(50);
			node.send(pid, 'ping');
			await node.settle();
			await node.advance(1000);
			expect(log.infos).toEqual(['ping']);
		});

		// gen_server_SUITE:info
		it('passes plain messages to handleInfo', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			node.send(pid, ['delayed_info', 10]);
			await node.settle();
			expect(log.infos).toEqual([['delayed_info', 10]]);
			await node.advance(10);
			expect(log.infos).toEqual([['delayed_info', 10], 'timeout']);
		});

		// gen_server_SUITE:cast and info ({stop, ...} from handle_cast / handle_info)
		it('runs terminate with the reason of [stop, reason, s] from handleCast and handleInfo', async () => {
			const a = j.name(okPid(await GenServer.start(node, suiteServer(log), ['state', 'a'])), 'a');
			const b = j.name(okPid(await GenServer.start(node, suiteServer(log), ['state', 'b'])), 'b');
			GenServer.cast(node, a, 'stop');
			await node.settle();
			node.send(b, 'stop');
			await node.settle();
			expect(log.terminated).toEqual([
				['cast_stopped', 'a'],
				['info_stopped', 'b']
			]);
			expect(j.exits).toEqual([
				['a', 'cast_stopped'],
				['b', 'info_stopped']
			]);
		});

		it('survives a plain message when it has no handleInfo', async () => {
			const mod: GenServerModule<number> = {
				init: () => ['ok', 1],
				handleCall: (_req, _from, n) => ['reply', n, n]
			};
			const pid = okPid(await GenServer.start(node, mod));
			node.send(pid, 'unexpected');
			await node.settle();
			expect(node.isAlive(pid)).toBe(true);
			expect(await GenServer.call(node, pid, 'get')).toBe(1);
		});

		it('passes trapped EXIT messages from other linked processes to handleInfo', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log), 'trap'));
			const other = node.spawn((ctx) => {
				ctx.link(pid);
				ctx.exit('bye');
			});
			await node.settle();
			expect(log.infos).toEqual([{ kind: 'EXIT', from: other, reason: 'bye' }]);
			expect(node.isAlive(pid)).toBe(true);
		});
	});

	describe('one message at a time', () => {
		it('handles nothing else while an async callback awaits', async () => {
			const seen: string[] = [];
			const mod: GenServerModule<null> = {
				init: () => ['ok', null],
				async handleCall(req, _from, state, ctx) {
					seen.push(`call ${String(req)} begins`);
					await ctx.sleep(100);
					seen.push(`call ${String(req)} ends`);
					return ['reply', req, state];
				},
				handleCast(msg, state) {
					seen.push(`cast ${String(msg)}`);
					return ['noreply', state];
				},
				handleInfo(msg, state) {
					seen.push(`info ${String(msg)}`);
					return ['noreply', state];
				}
			};
			const pid = okPid(await GenServer.start(node, mod));
			const call = GenServer.call(node, pid, 'slow');
			await node.settle();
			GenServer.cast(node, pid, 'c1');
			node.send(pid, 'i1');
			await node.settle();
			expect(seen).toEqual(['call slow begins']);
			await node.advance(100);
			expect(await call).toBe('slow');
			expect(seen).toEqual(['call slow begins', 'call slow ends', 'cast c1', 'info i1']);
		});

		it('keeps its mailbox queued while a callback calls another server', async () => {
			const seen: unknown[] = [];
			const backend = okPid(
				await GenServer.start(node, {
					init: () => ['ok', null],
					async handleCall(req, _from, state, ctx) {
						await ctx.sleep(50);
						return ['reply', ['backend', req], state];
					}
				} satisfies GenServerModule<null>)
			);
			const frontend = okPid(
				await GenServer.start(node, {
					init: () => ['ok', null],
					async handleCall(req, _from, state, ctx) {
						const answer = await ctx.call(backend, req);
						seen.push(answer);
						return ['reply', answer, state];
					},
					handleCast(msg, state) {
						seen.push(msg);
						return ['noreply', state];
					}
				} satisfies GenServerModule<null>)
			);
			const call = GenServer.call(node, frontend, 'q');
			await node.settle();
			GenServer.cast(node, frontend, 'queued');
			await node.settle();
			expect(seen).toEqual([]);
			await node.advance(50);
			expect(await call).toEqual(['backend', 'q']);
			expect(seen).toEqual([['backend', 'q'], 'queued']);
		});
	});

	describe('result timeouts', () => {
		it('fires timeouts in time order, including those set while advancing', async () => {
			const fired: Array<[string, number]> = [];
			const ticker = (name: string, every: number): GenServerModule<number> => ({
				init: () => ['ok', 0, every],
				handleInfo: (msg, n, ctx) => {
					fired.push([name, ctx.node.now()]);
					return ['noreply', n + 1, every];
				}
			});
			okPid(await GenServer.start(node, ticker('a', 30)));
			okPid(await GenServer.start(node, ticker('b', 40)));
			await node.advance(100);
			expect(fired).toEqual([
				['a', 30],
				['b', 40],
				['a', 60],
				['b', 80],
				['a', 90]
			]);
		});

		it('delivers a zero timeout once the node settles, with no advance', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log)));
			GenServer.cast(node, pid, ['delayed_cast', 0]);
			await node.settle();
			expect(log.infos).toEqual(['timeout']);
		});
	});

	describe('stop and terminate', () => {
		// gen_server_SUITE:stop1
		it('stops with reason normal by default and runs terminate', async () => {
			const pid = j.name(
				okPid(await GenServer.start(node, suiteServer(log), ['state', 's'])),
				'server'
			);
			await GenServer.stop(node, pid);
			expect(node.isAlive(pid)).toBe(false);
			expect(log.terminated).toEqual([['normal', 's']]);
			expect(j.exits).toEqual([['server', 'normal']]);
			await expect(GenServer.stop(node, pid)).rejects.toMatchObject({ code: 'noproc' });
		});

		// gen_server_SUITE:stop2, stop4
		it('stops a named server with another reason', async () => {
			const pid = okPid(
				await GenServer.start(node, suiteServer(log), undefined, { name: 'to_stop' })
			);
			j.name(pid, 'server');
			await GenServer.stop(node, 'to_stop', 'other_reason', 'infinity');
			expect(node.isAlive(pid)).toBe(false);
			expect(node.whereis('to_stop')).toBeUndefined();
			expect(log.terminated).toEqual([['other_reason', null]]);
			expect(j.exits).toEqual([['server', 'other_reason']]);
			await expect(GenServer.stop(node, 'to_stop')).rejects.toMatchObject({ code: 'noproc' });
		});

		it('stops a suspended server', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log), ['state', 'zzz']));
			await GenServer.suspend(node, pid);
			await GenServer.stop(node, pid, 'wake_up');
			expect(node.isAlive(pid)).toBe(false);
			expect(log.terminated).toEqual([['wake_up', 'zzz']]);
		});

		it('rejects stop with a timeout when terminate outlasts it', async () => {
			const mod: GenServerModule<null> = {
				init: () => ['ok', null],
				async terminate(_reason, _state, ctx) {
					await ctx.sleep(1000);
				}
			};
			const pid = okPid(await GenServer.start(node, mod));
			const stop = expect(GenServer.stop(node, pid, 'normal', 100)).rejects.toMatchObject({
				reason: 'timeout'
			});
			await node.settle();
			await node.advance(100);
			await stop;
			await node.advance(900);
			expect(node.isAlive(pid)).toBe(false);
		});

		// gen_server_SUITE:spec_init_local_registered_parent (OTP-4820)
		it('runs terminate and exits with the reason when a trapping server gets EXIT from its parent', async () => {
			const parent = node.spawn(async (ctx) => {
				await GenServer.startLink(ctx, suiteServer(log), 'trap');
				await ctx.receive({ match: (m) => m === 'go' });
				ctx.exit('parent_died');
			});
			await node.settle();
			const [server] = log.inits;
			j.name(parent, 'parent');
			j.name(server, 'server');
			node.send(parent, 'go');
			await node.settle();
			expect(log.terminated).toEqual([['parent_died', null]]);
			expect(log.infos).toEqual([]);
			expect(j.exits).toEqual([
				['parent', 'parent_died'],
				['server', 'parent_died']
			]);
		});

		it('runs terminate when the node, the parent of what it starts, sends shutdown', async () => {
			const pid = j.name(okPid(await GenServer.start(node, suiteServer(log), 'trap')), 'server');
			node.exit(pid, 'shutdown');
			await node.settle();
			expect(log.terminated).toEqual([['shutdown', null]]);
			expect(log.infos).toEqual([]);
			expect(j.exits).toEqual([['server', 'shutdown']]);
		});

		it('runs terminate on a shutdown exit signal from the parent, as a supervisor sends', async () => {
			const { pid: parent } = inProcess(
				node,
				async (ctx) => {
					const server = okPid(await GenServer.startLink(ctx, suiteServer(log), 'trap'));
					await ctx.receive({ match: (m) => m === 'go' });
					ctx.exitSignal(server, 'shutdown');
					const m = await ctx.receive({ match: isExitMessage });
					return m;
				},
				{ trapExit: true }
			);
			await node.settle();
			const [server] = log.inits;
			node.send(parent, 'go');
			await node.settle();
			expect(log.terminated).toEqual([['shutdown', null]]);
			expect(node.isAlive(server)).toBe(false);
			expect(node.isAlive(parent)).toBe(false);
		});

		it('terminates with reason normal when it traps exits and its parent exits normally', async () => {
			node.spawn(async (ctx) => {
				await GenServer.startLink(ctx, suiteServer(log), 'trap');
			});
			await node.settle();
			expect(log.terminated).toEqual([['normal', null]]);
			expect(node.isAlive(log.inits[0])).toBe(false);
		});

		it('lives on when it does not trap exits and its parent exits normally', async () => {
			node.spawn(async (ctx) => {
				await GenServer.startLink(ctx, suiteServer(log));
			});
			await node.settle();
			expect(log.terminated).toEqual([]);
			expect(node.isAlive(log.inits[0])).toBe(true);
		});

		it('dies without terminate when it does not trap exits and its parent dies', async () => {
			const parent = node.spawn(async (ctx) => {
				await GenServer.startLink(ctx, suiteServer(log));
				await ctx.receive({ match: (m) => m === 'go' });
				ctx.exit('parent_died');
			});
			await node.settle();
			const [server] = log.inits;
			j.name(server, 'server');
			node.send(parent, 'go');
			await node.settle();
			expect(log.terminated).toEqual([]);
			expect(j.exits).toEqual([['server', 'parent_died']]);
		});

		it('does not run terminate when it is killed', async () => {
			const pid = j.name(okPid(await GenServer.start(node, suiteServer(log), 'trap')), 'server');
			node.exit(pid, 'kill');
			await node.settle();
			expect(log.terminated).toEqual([]);
			expect(j.exits).toEqual([['server', 'killed']]);
		});

		it('runs terminate when a callback throws, with the thrown value as the reason', async () => {
			const thrown = new Error('handle_cast failed');
			const mod: GenServerModule<null> = {
				init: () => ['ok', null],
				handleCast() {
					throw thrown;
				},
				terminate(reason) {
					log.terminated.push([reason, null]);
				}
			};
			const pid = j.name(okPid(await GenServer.start(node, mod)), 'server');
			GenServer.cast(node, pid, 'boom');
			await node.settle();
			expect(log.terminated).toEqual([[thrown, null]]);
			expect(j.exits).toEqual([['server', thrown]]);
		});
	});

	describe('sys', () => {
		// gen_server_SUITE:get_state
		it('reads the state with getState, also while suspended', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log), ['state', { n: 1 }]));
			expect(await GenServer.getState(node, pid)).toEqual({ n: 1 });
			await GenServer.suspend(node, pid);
			expect(await GenServer.getState(node, pid)).toEqual({ n: 1 });
			await GenServer.resume(node, pid);
		});

		// gen_server_SUITE:replace_state
		it('replaces the state with replaceState and returns the new state', async () => {
			const pid = okPid(
				await GenServer.start(node, suiteServer(log), undefined, { name: 'replace_state' })
			);
			expect(await GenServer.replaceState(node, 'replace_state', () => 'replaced')).toBe(
				'replaced'
			);
			expect(await GenServer.getState(node, pid)).toBe('replaced');
			expect(await GenServer.replaceState<string>(node, pid, (s) => `${s} again`)).toBe(
				'replaced again'
			);
			expect(await GenServer.call(node, pid, 'get')).toBe('replaced again');
		});

		// gen_server_SUITE:replace_state (a crashing fun changes nothing)
		it('keeps the state and the server when the replace function throws', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log), ['state', 'kept']));
			await expect(
				GenServer.replaceState(node, pid, () => {
					throw new Error('fail');
				})
			).rejects.toBeTruthy();
			expect(node.isAlive(pid)).toBe(true);
			expect(await GenServer.getState(node, pid)).toBe('kept');
		});

		it('queues calls and casts to a suspended server until it is resumed', async () => {
			const pid = okPid(await GenServer.start(node, suiteServer(log), ['state', 0]));
			await GenServer.suspend(node, pid);
			const call = track(GenServer.call(node, pid, 'started_p', 'infinity'));
			GenServer.cast(node, pid, ['set', 5]);
			await node.settle();
			expect(call.settled).toBe(false);
			expect(log.casts).toEqual([]);
			// replace_state: a suspended server still answers system messages
			expect(await GenServer.replaceState<number>(node, pid, (s) => s + 1)).toBe(1);
			await GenServer.resume(node, pid);
			expect(await call.promise).toBe('ok');
			await node.settle();
			expect(log.casts).toEqual([['set', 5]]);
			expect(await GenServer.getState(node, pid)).toBe(5);
		});
	});
});
