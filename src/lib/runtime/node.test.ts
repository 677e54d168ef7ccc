import { beforeEach, describe, expect, it } from 'vitest';
import {
	AlreadyRegisteredError,
	BadargError,
	createNode,
	GenServer,
	NoprocError,
	SystemLimitError,
	TIMEOUT,
	type DownMessage,
	type ExitMessage,
	type Node,
	type Pid,
	type TraceEvent
} from './index';

/** A process that records every message it receives, forever. */
function recorder(node: Node, opts: { trapExit?: boolean; name?: string } = {}) {
	const inbox: unknown[] = [];
	const pid = node.spawn(async (ctx) => {
		for (;;) inbox.push(await ctx.receive());
	}, opts);
	return { pid, inbox };
}

describe('node', () => {
	let node: Node;
	beforeEach(() => {
		node = createNode({ clock: 'virtual', number: 3 });
	});

	describe('pids', () => {
		it('prints pids as <N.I.0> with the node number and interns them', async () => {
			let seen: Pid | undefined;
			const pid = node.spawn(async (ctx) => {
				seen = ctx.self;
				await ctx.receive();
			});
			await node.settle();
			expect(String(pid)).toBe('<3.1.0>');
			expect(seen).toBe(pid);
			expect(node.processes()).toEqual([pid]);
			expect(node.processes()[0]).toBe(pid);
		});

		it('lists live processes in spawn order and forgets dead ones', async () => {
			const a = recorder(node).pid;
			const b = node.spawn(() => undefined);
			const c = recorder(node).pid;
			await node.settle();
			expect(node.processes()).toEqual([a, c]);
			expect(node.isAlive(b)).toBe(false);
		});

		it('throws SystemLimitError beyond maxProcesses', () => {
			const small = createNode({ maxProcesses: 2 });
			small.spawn(() => new Promise(() => undefined));
			small.spawn(() => new Promise(() => undefined));
			expect(() => small.spawn(() => undefined)).toThrow(SystemLimitError);
		});

		it('still answers calls from outside any process at maxProcesses', async () => {
			const full = createNode({ clock: 'virtual', maxProcesses: 2 });
			const started = await GenServer.start(full, {
				init: () => ['ok', 41],
				handleCall: (_request, _from, n: number) => ['reply', n + 1, n]
			});
			if (started === 'ignore' || started[0] !== 'ok') throw new Error('no server');
			await full.settle(); // the helper that waited for init has gone
			full.spawn(() => new Promise(() => undefined));
			expect(() => full.spawn(() => undefined)).toThrow(SystemLimitError);
			await expect(full.call(started[1], 'next')).resolves.toBe(42);
			await expect(GenServer.getState(full, started[1])).resolves.toBe(41);
			// The node's helpers went; the program itself still cannot spawn past the limit.
			await full.settle();
			expect(() => full.spawn(() => undefined)).toThrow(SystemLimitError);
		});
	});

	describe('receive', () => {
		it('takes the first matching message and keeps the others in order', async () => {
			const got: unknown[] = [];
			const pid = node.spawn(async (ctx) => {
				got.push(await ctx.receive({ match: (m) => m === 'c' }));
				got.push(await ctx.receive(), await ctx.receive(), await ctx.receive());
			});
			for (const m of ['a', 'b', 'c', 'd']) node.send(pid, m);
			await node.settle();
			expect(got).toEqual(['c', 'a', 'b', 'd']);
		});

		it('resolves to TIMEOUT when nothing matches within the timeout (virtual clock)', async () => {
			let got: unknown;
			node.spawn(async (ctx) => {
				got = await ctx.receive({ timeout: 1000 });
			});
			await node.advance(999);
			expect(got).toBeUndefined();
			await node.advance(1);
			expect(got).toBe(TIMEOUT);
		});

		it('times out a receive with timeout 0 once the node settles, after messages in flight', async () => {
			const got: unknown[] = [];
			const pid = node.spawn(async (ctx) => {
				await ctx.receive({ match: (m) => m === 'start' });
				got.push(await ctx.receive({ timeout: 0 }));
				got.push(await ctx.receive({ timeout: 0 }));
			});
			node.spawn((ctx) => {
				ctx.send(pid, 'start');
				ctx.send(pid, 'late');
			});
			await node.settle();
			expect(got).toEqual(['late', TIMEOUT]);
		});

		it('treats a match function that throws as a guard that fails', async () => {
			let got: unknown;
			const pid = node.spawn(async (ctx) => {
				got = await ctx.receive({
					match: (m) => {
						if (m === 'bad') throw new Error('guard');
						return true;
					}
				});
			});
			node.send(pid, 'bad');
			node.send(pid, 'good');
			await node.settle();
			expect(got).toBe('good');
		});

		it('sleeps on the node clock', async () => {
			const log: string[] = [];
			node.spawn(async (ctx) => {
				await ctx.sleep(50);
				log.push(`woke at ${node.now()}`);
			});
			await node.advance(49);
			expect(log).toEqual([]);
			await node.advance(10);
			expect(log).toEqual(['woke at 50']);
		});
	});

	describe('send', () => {
		it('drops messages to a dead pid and throws BadargError for an unregistered name', async () => {
			const dead = node.spawn(() => undefined);
			await node.settle();
			expect(() => node.send(dead, 'x')).not.toThrow();
			expect(() => node.send('nobody', 'x')).toThrow(BadargError);
		});

		it('delivers to registered names and frees a name when its process exits', async () => {
			const r = recorder(node, { name: 'logger' });
			node.send('logger', 'hi');
			await node.settle();
			expect(r.inbox).toEqual(['hi']);
			expect(node.whereis('logger')).toBe(r.pid);
			node.exit(r.pid, 'kill');
			await node.settle();
			expect(node.whereis('logger')).toBeUndefined();
		});

		it('refuses a name already taken with AlreadyRegisteredError', async () => {
			recorder(node, { name: 'taken' });
			let error: unknown;
			node.spawn((ctx) => {
				try {
					ctx.register('taken');
				} catch (e) {
					error = e;
				}
			});
			await node.settle();
			expect(error).toBeInstanceOf(AlreadyRegisteredError);
			expect(() => recorder(node, { name: 'taken' })).toThrow(AlreadyRegisteredError);
		});
	});

	describe('links and exit signals', () => {
		it('kills a linked process that does not trap exits, with the same reason', async () => {
			const exits: Array<[string, unknown]> = [];
			node.onTrace((e) => e.type === 'exit' && exits.push([String(e.pid), e.reason]));
			const parent = node.spawn(async (ctx) => {
				ctx.spawnLink(() => {
					throw 'boom';
				});
				await ctx.receive();
			});
			await node.settle();
			expect(node.isAlive(parent)).toBe(false);
			expect(exits).toEqual([
				['<3.2.0>', 'boom'],
				['<3.1.0>', 'boom']
			]);
		});

		it('ignores a normal exit of a linked process that does not trap exits', async () => {
			const parent = node.spawn(async (ctx) => {
				ctx.spawnLink(() => undefined);
				await ctx.receive();
			});
			await node.settle();
			expect(node.isAlive(parent)).toBe(true);
		});

		it('turns exit signals into EXIT messages for a process that traps exits', async () => {
			const r = recorder(node, { trapExit: true });
			let child: Pid | undefined;
			node.spawn((ctx) => {
				ctx.link(r.pid);
				child = ctx.self;
				ctx.exit('crashed');
			});
			await node.settle();
			expect(r.inbox).toEqual([
				{ kind: 'EXIT', from: child!, reason: 'crashed' } satisfies ExitMessage
			]);
		});

		it("cannot trap 'kill' from exitSignal: the target dies 'killed', which its links see", async () => {
			const watcher = recorder(node, { trapExit: true });
			const target = node.spawn(
				async (ctx) => {
					ctx.link(watcher.pid);
					await ctx.receive();
				},
				{ trapExit: true }
			);
			await node.settle();
			node.spawn((ctx) => ctx.exitSignal(target, 'kill'));
			await node.settle();
			expect(node.isAlive(target)).toBe(false);
			expect(watcher.inbox).toEqual([{ kind: 'EXIT', from: target, reason: 'killed' }]);
		});

		it("passes a process's own exit reason 'kill' to its links as a trappable 'kill'", async () => {
			// erlang docs, exit/1: a process that exits with kill sends kill, not killed, to links.
			const watcher = recorder(node, { trapExit: true });
			const bystander = node.spawn(async (ctx) => {
				await ctx.receive();
			});
			node.spawn((ctx) => {
				ctx.link(watcher.pid);
				ctx.link(bystander);
				ctx.exit('kill');
			});
			await node.settle();
			expect(watcher.inbox).toMatchObject([{ kind: 'EXIT', reason: 'kill' }]);
			expect(node.isAlive(bystander)).toBe(false);
		});

		it('ignores exitSignal normal to another process, but exits on exit(self, normal)', async () => {
			const other = recorder(node).pid;
			const self = node.spawn(async (ctx) => {
				ctx.exitSignal(other, 'normal');
				ctx.exitSignal(ctx.self, 'normal');
				await ctx.receive();
			});
			await node.settle();
			expect(node.isAlive(other)).toBe(true);
			expect(node.isAlive(self)).toBe(false);
		});

		it('links to a dead pid: an EXIT noproc when trapping, NoprocError otherwise', async () => {
			const dead = node.spawn(() => undefined);
			await node.settle();
			const trapper = recorder(node, { trapExit: true });
			let error: unknown;
			node.spawn((ctx) => {
				try {
					ctx.link(dead);
				} catch (e) {
					error = e;
				}
			});
			node.spawn((ctx) => {
				ctx.trapExit(true);
				ctx.link(dead);
				ctx.send(trapper.pid, 'linked');
			});
			await node.settle();
			expect(error).toBeInstanceOf(NoprocError);
			expect(trapper.inbox).toEqual(['linked']);
		});

		it('stops a process killed while it awaits at that await', async () => {
			const log: string[] = [];
			const pid = node.spawn(async (ctx) => {
				log.push('before');
				await ctx.receive();
				log.push('after');
			});
			await node.settle();
			node.exit(pid, 'kill');
			node.send(pid, 'wake up');
			await node.settle();
			expect(log).toEqual(['before']);
		});

		it('does not propagate an exit over a link that was removed', async () => {
			const parent = node.spawn(async (ctx) => {
				const child = ctx.spawnLink(async (c) => {
					await c.receive();
					throw 'late crash';
				});
				ctx.unlink(child);
				ctx.send(child, 'go');
				await ctx.receive();
			});
			await node.settle();
			expect(node.isAlive(parent)).toBe(true);
		});

		it('handles long link chains without deep recursion', async () => {
			const first = node.spawn(async (ctx) => {
				await ctx.receive();
			});
			let previous = first;
			for (let i = 0; i < 20_000; i++) {
				const link = previous;
				previous = node.spawn(async (ctx) => {
					ctx.link(link);
					await ctx.receive();
				});
			}
			await node.settle();
			node.exit(first, 'chain');
			await node.settle();
			expect(node.processes()).toEqual([]);
		});
	});

	describe('monitors', () => {
		it('sends DOWN with the reason, and DOWN noproc for a process already dead', async () => {
			const target = node.spawn(async (ctx) => {
				await ctx.receive();
				throw 'bye';
			});
			const dead = node.spawn(() => undefined);
			await node.settle();
			const downs: unknown[] = [];
			const refs: unknown[] = [];
			node.spawn(async (ctx) => {
				refs.push(ctx.monitor(target), ctx.monitor(dead));
				ctx.send(target, 'go');
				downs.push(await ctx.receive(), await ctx.receive());
			});
			await node.settle();
			expect(downs).toEqual([
				{ kind: 'DOWN', ref: refs[1], pid: dead, reason: 'noproc' },
				{ kind: 'DOWN', ref: refs[0], pid: target, reason: 'bye' }
			]);
		});

		it('monitors a child spawned with the monitor option', async () => {
			let down: unknown;
			let child: Pid | undefined;
			node.spawn(async (ctx) => {
				child = ctx.spawn(
					() => {
						throw 'child died';
					},
					{ monitor: true }
				);
				down = await ctx.receive();
			});
			await node.settle();
			expect(down).toMatchObject({ kind: 'DOWN', pid: child, reason: 'child died' });
		});

		it('reports the name in DOWN when the monitor was set by name, and flushes on demonitor', async () => {
			const downs: DownMessage[] = [];
			const target = recorder(node, { name: 'svc' }).pid;
			node.spawn(async (ctx) => {
				const byName = ctx.monitor('svc');
				const other = ctx.monitor(target);
				await ctx.receive({ timeout: 0 });
				ctx.exitSignal(target, 'kill');
				ctx.demonitor(other, { flush: true });
				downs.push((await ctx.receive()) as DownMessage);
				expect(downs[0].ref).toBe(byName);
				downs.push(...((await ctx.receive({ timeout: 0 })) === TIMEOUT ? [] : [{} as DownMessage]));
			});
			await node.settle();
			expect(downs).toMatchObject([{ kind: 'DOWN', pid: 'svc', reason: 'killed' }]);
		});

		it('shows monitors and links in processInfo', async () => {
			const target = recorder(node).pid;
			let watcher: Pid | undefined;
			node.spawn(async (ctx) => {
				watcher = ctx.self;
				ctx.monitor(target);
				ctx.link(target);
				await ctx.receive();
			});
			await node.settle();
			const info = node.processInfo(target)!;
			expect(info.monitoredBy).toEqual([watcher]);
			expect(info.links).toEqual([watcher]);
			expect(node.processInfo(watcher!)!.monitors).toHaveLength(1);
		});
	});

	describe('processInfo', () => {
		it('reports queue length, status, parent, trap_exit, reductions and memory', async () => {
			let child: Pid | undefined;
			const parent = node.spawn(async (ctx) => {
				child = ctx.spawn(
					async (c) => {
						await c.receive({ match: (m) => m === 'never' });
					},
					{ trapExit: true, label: 'worker' }
				);
				await ctx.receive();
			});
			await node.settle();
			node.send(child!, 'a');
			node.send(child!, { big: 'x'.repeat(1000) });
			const info = node.processInfo(child!)!;
			expect(info).toMatchObject({
				pid: child,
				label: 'worker',
				status: 'waiting',
				messageQueueLen: 2,
				trapExit: true,
				parent,
				startedAt: 0
			});
			expect(info.reductions).toBeGreaterThan(0);
			expect(info.memory).toBeGreaterThan(2000);
			expect(String(node.processInfo(parent)!.parent)).toBe('<3.0.0>');
		});

		it('gives undefined for a dead process', async () => {
			const pid = node.spawn(() => undefined);
			await node.settle();
			expect(node.processInfo(pid)).toBeUndefined();
		});
	});

	describe('settle and the clock', () => {
		it('settles while a process awaits a promise from outside the runtime', async () => {
			node.spawn(() => new Promise(() => undefined));
			const other = recorder(node);
			node.send(other.pid, 'x');
			await node.settle();
			expect(other.inbox).toEqual(['x']);
		});

		it('fires timers in time order during advance, also those set while advancing', async () => {
			const log: string[] = [];
			node.spawn(async (ctx) => {
				await ctx.sleep(30);
				log.push(`a@${node.now()}`);
				await ctx.sleep(30);
				log.push(`a@${node.now()}`);
			});
			node.spawn(async (ctx) => {
				await ctx.sleep(40);
				log.push(`b@${node.now()}`);
			});
			await node.advance(100);
			expect(log).toEqual(['a@30', 'b@40', 'a@60']);
			expect(node.now()).toBe(100);
		});

		it('refuses advance on a real clock', async () => {
			await expect(createNode().advance(1)).rejects.toMatchObject({ code: 'badarg' });
		});
	});

	describe('scheduler', () => {
		it('keeps a busy process from starving others and from blocking the event loop', async () => {
			const real = createNode();
			const spinner = real.spawn(async (ctx) => {
				for (;;) {
					ctx.send(ctx.self, 'again');
					await ctx.receive();
				}
			});
			let done = false;
			real.spawn(async (ctx) => {
				for (let i = 0; i < 100; i++) {
					ctx.send(ctx.self, i);
					await ctx.receive();
				}
				done = true;
			});
			// A host macrotask runs although the spinner never stops: the scheduler yields.
			await new Promise((resolve) => setTimeout(resolve, 0));
			await new Promise((resolve) => setTimeout(resolve, 0));
			expect(done).toBe(true);
			expect(real.processInfo(spinner)!.reductions).toBeGreaterThan(100);
			await real.shutdown();
			expect(real.processes()).toEqual([]);
		});

		it('gives the same trace for the same seed and inputs', async () => {
			const run = async (seed: number) => {
				const n = createNode({ clock: 'virtual', seed });
				const trace: string[] = [];
				n.onTrace((e: TraceEvent) => {
					if (e.type === 'receive') trace.push(`${String(e.pid)}<-${String(e.message)}`);
				});
				const sink = n.spawn(async (ctx) => {
					for (;;) await ctx.receive();
				});
				for (let w = 0; w < 5; w++) {
					n.spawn((ctx) => {
						for (let i = 0; i < 3; i++) ctx.send(sink, `${w}.${i}`);
					});
				}
				await n.settle();
				return trace.join(' ');
			};
			expect(await run(7)).toBe(await run(7));
			const orders = new Set([await run(1), await run(2), await run(3), await run(4)]);
			expect(orders.size).toBeGreaterThan(1);
		});
	});

	describe('trace', () => {
		it('emits spawn, send, receive, link, register, unregister and exit events', async () => {
			const events: string[] = [];
			node.onTrace((e) => events.push(e.type));
			const r = recorder(node, { name: 'r' });
			node.spawn((ctx) => {
				ctx.link(r.pid);
				ctx.send('r', 'hi');
				ctx.unlink(r.pid);
			});
			await node.settle();
			expect(events).toEqual([
				'spawn',
				'register',
				'spawn',
				'link',
				'send',
				'receive',
				'unlink',
				'exit'
			]);
		});

		it('keeps delivering when a listener throws, and stops after unsubscribe', async () => {
			const seen: string[] = [];
			const off = node.onTrace(() => {
				throw new Error('listener bug');
			});
			const off2 = node.onTrace((e) => seen.push(e.type));
			const errors: unknown[] = [];
			const onError = (e: unknown) => errors.push(e);
			process.on('uncaughtException', onError);
			node.spawn(() => undefined);
			await node.settle();
			await new Promise((resolve) => setTimeout(resolve, 5));
			process.off('uncaughtException', onError);
			off();
			off2();
			node.spawn(() => undefined);
			await node.settle();
			expect(seen).toEqual(['spawn', 'exit']);
			expect(errors).toHaveLength(2);
		});
	});
});
