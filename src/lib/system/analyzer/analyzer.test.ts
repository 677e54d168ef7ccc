/* eslint-disable @typescript-eslint/no-unsafe-assignment -- expect.objectContaining inside expected objects */
// The system analyzer on constructed scenarios, each on a virtual-clock node: every kind of
// finding appears where its condition holds, keeps its id while it lasts, and a healthy tree
// (the demo application beside SuperLearner.Supervisor, a minute of it) gives none.
import { afterEach, describe, expect, it } from 'vitest';
import {
	createNode,
	GenServer,
	Supervisor,
	type ChildSpec,
	type GenServerModule,
	type Node,
	type Pid,
	type SupFlags
} from '$lib/runtime';
import type { Finding } from '$lib/arsenal/analyzer_schemas';
import { startSystemRuntime, type SystemRuntime } from '$lib/system/node';
import { okPid } from '$lib/testing/runtime';
import { Analyzer } from './analyzer';

let node: Node;
let analyzer: Analyzer;
let system: SystemRuntime | undefined;

function watch(): Analyzer {
	node = createNode({ name: 'test@analyzer', clock: 'virtual' });
	analyzer = new Analyzer({
		node,
		nodes: () => [{ number: 0, node, restartsSince: () => 0 }],
		now: () => node.now()
	});
	return analyzer;
}

afterEach(async () => {
	analyzer?.stop();
	await node?.shutdown();
	await system?.shutdown();
	system = undefined;
});

const ofKind = (kind: Finding['kind']) => analyzer.findings().filter((f) => f.kind === kind);

/** A GenServer registered as `name` whose calls are answered by `handle`. */
function server(
	name: string,
	handle: GenServerModule<unknown>['handleCall'],
	extra: Partial<GenServerModule<unknown>> = {}
): ChildSpec {
	const mod: GenServerModule<unknown> = {
		name,
		init: () => ['ok', null],
		handleCall: handle,
		...extra
	};
	return GenServer.childSpec(mod, undefined, {
		id: name,
		start: (sup) => GenServer.startLink(sup, mod, undefined, { name })
	});
}

/** A supervisor of `children` started from the node, registered as `name`. */
async function supervise(name: string, flags: SupFlags, children: ChildSpec[]): Promise<Pid> {
	return okPid(
		await Supervisor.start(node, { name, init: () => ['ok', flags, children] }, undefined, { name })
	);
}

/** A child that waits for messages forever, as a supervised worker does. */
const idle = (id: string): ChildSpec =>
	server(id, (_request, _from, state) => ['reply', 'ok', state]);

describe('Analyzer', () => {
	it('finds a long-lived process under no supervisor, and not the supervised ones', async () => {
		watch();
		await supervise('Sup', { strategy: 'one_for_one' }, [idle('Worker')]);
		const worker = node.whereis('Worker')!;
		// A process a supervised worker spawns is in its tree; an Arsenal helper is infrastructure.
		node.spawn((ctx) => ctx.receive(), { label: 'arsenal probe' });
		const loner = node.spawn((ctx) => ctx.receive(), { name: 'Loner' });
		await node.advance(5_000);
		expect(ofKind('unsupervised')).toEqual([]);
		await node.advance(15_000);
		expect(ofKind('unsupervised')).toEqual([
			expect.objectContaining({
				id: `unsupervised:test@analyzer:${String(loner)}`,
				severity: 'warning',
				pid: String(loner),
				name: 'Loner',
				figures: expect.objectContaining({ parent: '<0.0.0>' })
			})
		]);
		expect(analyzer.findings().some((f) => f.pid === String(worker))).toBe(false);
		const [first] = ofKind('unsupervised');
		await node.advance(5_000);
		expect(ofKind('unsupervised')[0]).toMatchObject({ id: first.id, since: first.since });
		node.exit(loner, 'kill');
		await node.advance(1_000);
		expect(ofKind('unsupervised')).toEqual([]);
	});

	it('finds a mailbox over 50 that keeps rising, and forgets it once it drains', async () => {
		watch();
		let handleMs = 1_000;
		await supervise('Sup', { strategy: 'one_for_one' }, [
			// A slow consumer: a second per message while it is slow.
			server('Sink', (_request, _from, state) => ['reply', 'ok', state], {
				handleCast: async (_message, state, ctx) => {
					if (handleMs > 0) await ctx.sleep(handleMs);
					return ['noreply', state];
				}
			}),
			// A producer: 20 casts a second, from a loop it links to itself.
			server('Flood', (_request, _from, state) => ['reply', 'ok', state], {
				init: (_args, ctx) => {
					ctx.spawnLink(async (loop) => {
						for (;;) {
							for (let i = 0; i < 20; i++) loop.cast('Sink', ['event', i]);
							await loop.sleep(1_000);
						}
					});
					return ['ok', null];
				}
			})
		]);
		await node.advance(2_500);
		expect(ofKind('mailbox_growing')).toEqual([]);
		await node.advance(4_000);
		const [finding] = ofKind('mailbox_growing');
		expect(finding).toMatchObject({
			severity: 'warning',
			pid: String(node.whereis('Sink')),
			name: 'Sink',
			figures: expect.objectContaining({ queue: expect.any(Number) })
		});
		expect(finding.figures.queue).toBeGreaterThan(50);
		expect(analyzer.bottlenecks(1).byQueue[0]).toMatchObject({ name: 'Sink' });
		handleMs = 0;
		await node.advance(3_000);
		expect(ofKind('mailbox_growing')).toEqual([]);
	});

	it('finds a process holding far more memory than the others', async () => {
		watch();
		const big = 'x'.repeat(1_000_000);
		await supervise('Sup', { strategy: 'one_for_one' }, [
			idle('Small'),
			server('Hoarder', (_request, _from, state) => ['reply', 'ok', state], {
				init: () => ['ok', null],
				handleCast: (message) => ['noreply', message]
			})
		]);
		await node.advance(2_000);
		expect(ofKind('high_memory')).toEqual([]);
		node.cast('Hoarder', { blob: big });
		await node.advance(2_000);
		expect(ofKind('high_memory')).toEqual([
			expect.objectContaining({ severity: 'warning', name: 'Hoarder' })
		]);
		expect(analyzer.bottlenecks(1).byMemory[0].name).toBe('Hoarder');
	});

	it('finds a restart storm, and calls it critical past 60 a minute', async () => {
		watch();
		const crashy: ChildSpec = {
			id: 'Crashy',
			start: (sup) =>
				GenServer.startLink(sup, {
					name: 'Crashy',
					init: (_args, ctx) => {
						ctx.spawnLink(async (timer) => {
							await timer.sleep(500);
							timer.exit('boom');
						});
						return ['ok', null];
					}
				})
		};
		await supervise('Stormy', { strategy: 'one_for_one', intensity: 1000, period: 60 }, [crashy]);
		await node.advance(6_000);
		const [storm] = ofKind('restart_storm');
		expect(storm).toMatchObject({
			severity: 'warning',
			supervisor: String(node.whereis('Stormy')),
			name: 'Stormy',
			path: 'Stormy'
		});
		expect(storm.figures.restartsLastMinute).toBeGreaterThanOrEqual(10);
		await node.advance(30_000);
		expect(ofKind('restart_storm')[0]).toMatchObject({ id: storm.id, severity: 'critical' });
	});

	it('finds a supervisor near its intensity, at it, and one that gave up', async () => {
		watch();
		await supervise('Root', { strategy: 'one_for_one', intensity: 10, period: 60 }, [
			{
				id: 'Fragile',
				type: 'supervisor',
				start: (sup) =>
					Supervisor.startLink(
						sup,
						{
							name: 'Fragile',
							init: () => [
								'ok',
								{ strategy: 'one_for_all', intensity: 5, period: 10 },
								[idle('A'), idle('B')]
							]
						},
						undefined,
						{ name: 'Fragile' }
					)
			}
		]);
		const fragile = String(node.whereis('Fragile'));
		const crashA = async () => {
			node.exit(node.whereis('A')!, 'kill');
			await node.advance(200);
		};
		// one_for_all: B's restart with A's counts once against the intensity, as OTP counts it.
		for (let i = 0; i < 3; i++) await crashA();
		await node.advance(1_000);
		expect(ofKind('intensity_near_limit')).toEqual([]);
		await crashA();
		await node.advance(1_000);
		expect(ofKind('intensity_near_limit')).toEqual([
			expect.objectContaining({
				severity: 'warning',
				supervisor: fragile,
				name: 'Fragile',
				path: 'Root/Fragile',
				figures: { restartsInWindow: 4, intensity: 5, periodSeconds: 10 }
			})
		]);
		await crashA();
		await node.advance(1_000);
		expect(ofKind('intensity_near_limit')[0].severity).toBe('critical');
		await crashA();
		await node.advance(1_000);
		expect(ofKind('gave_up')).toEqual([
			expect.objectContaining({
				id: `gave_up:test@analyzer:${fragile}`,
				severity: 'critical',
				supervisor: fragile,
				name: 'Fragile',
				path: 'Root/Fragile',
				figures: { restarts: 6, intensity: 5, periodSeconds: 10, child: 'A' }
			})
		]);
		// Root restarted Fragile: the new one has used nothing of its intensity.
		expect(String(node.whereis('Fragile'))).not.toBe(fragile);
		expect(ofKind('intensity_near_limit')).toEqual([]);
	});

	it('finds two servers calling each other, and the timeouts that end it', async () => {
		watch();
		await supervise('Sup', { strategy: 'one_for_one', intensity: 10, period: 60 }, [
			server('Ping', async (request, _from, state, ctx) => [
				'reply',
				request === 'go' ? await ctx.call('Pong', 'back') : 'pong',
				state
			]),
			server('Pong', async (_request, _from, state, ctx) => [
				'reply',
				await ctx.call('Ping', 'ping'),
				state
			])
		]);
		const [ping, pong] = [String(node.whereis('Ping')), String(node.whereis('Pong'))];
		void node.call('Ping', 'go', 'infinity').catch(() => undefined);
		await node.advance(1_000);
		const [deadlock] = ofKind('call_deadlock');
		expect(deadlock).toMatchObject({
			id: `call_deadlock:test@analyzer:${ping}>${pong}`,
			severity: 'critical',
			pid: ping,
			name: 'Ping',
			figures: { processes: [ping, pong] }
		});
		expect(analyzer.bottlenecks(10).waiting).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ pid: ping, waitingOn: pong, waitingOnName: 'Pong' }),
				expect.objectContaining({ pid: pong, waitingOn: ping, waitingOnName: 'Ping' })
			])
		);
		// Ping's call times out after 5 s and it crashes: the cycle is broken.
		await node.advance(5_000);
		expect(ofKind('call_deadlock')).toEqual([]);
	});

	it('finds a process whose calls keep timing out, by name across its restarts', async () => {
		watch();
		await supervise('Sup', { strategy: 'one_for_one', intensity: 100, period: 60 }, [
			server('Stuck', () => ['noreply', null]),
			{
				id: 'Caller',
				start: (sup) =>
					GenServer.startLink(
						sup,
						{
							name: 'Caller',
							init: (_args, ctx) => {
								ctx.send(ctx.self, 'work');
								return ['ok', null];
							},
							// Not caught: each timeout crashes the caller, and its supervisor restarts it.
							handleInfo: async (_message, state, ctx) => {
								await ctx.call('Stuck', 'work', 1_000);
								return ['noreply', state];
							}
						},
						undefined,
						{ name: 'Caller' }
					)
			}
		]);
		const first = String(node.whereis('Caller'));
		await node.advance(2_500);
		expect(ofKind('call_timeouts')).toEqual([]);
		await node.advance(3_000);
		const [timeouts] = ofKind('call_timeouts');
		expect(timeouts).toMatchObject({
			id: 'call_timeouts:test@analyzer:Caller',
			severity: 'warning',
			name: 'Caller',
			figures: expect.objectContaining({ servers: ['Stuck'] })
		});
		// Named by the pid it had at the sample, not the one that first timed out.
		expect(timeouts.pid).not.toBe(first);
		expect(timeouts.figures.timeouts).toBeGreaterThanOrEqual(3);
	});

	it('counts a call left without a reply past 5 s as a timeout', async () => {
		watch();
		await supervise('Sup', { strategy: 'one_for_one' }, [server('Stuck', () => ['noreply', null])]);
		for (let i = 0; i < 3; i++) {
			node.spawn((ctx) => ctx.call('Stuck', i, 'infinity'), { name: `Waiter${i}` });
		}
		await node.advance(6_000);
		expect(ofKind('call_timeouts')).toEqual([]);
		await supervise('Sup2', { strategy: 'one_for_one' }, [
			{
				id: 'Patient',
				start: (sup) =>
					GenServer.startLink(
						sup,
						{
							name: 'Patient',
							init: (_args, ctx) => {
								ctx.send(ctx.self, 'work');
								return ['ok', null];
							},
							handleInfo: async (_message, state, ctx) => {
								// Three calls at once, none answered.
								await Promise.all([0, 1, 2].map((i) => ctx.call('Stuck', i, 'infinity')));
								return ['noreply', state];
							}
						},
						undefined,
						{ name: 'Patient' }
					)
			}
		]);
		await node.advance(6_000);
		expect(ofKind('call_timeouts')).toEqual([
			expect.objectContaining({
				name: 'Patient',
				figures: expect.objectContaining({ timeouts: 3 })
			})
		]);
	});

	it('finds nothing in a healthy tree: the demo application and SuperLearner.Supervisor', async () => {
		system = await startSystemRuntime({ clock: 'virtual', rateLimit: false });
		await system.node.advance(60_000);
		const { data } = await system.execute('list_anomalies', {});
		expect(data).toEqual([]);
		// Demo.Flaky did crash and restart in that minute.
		expect(system.restarts.restartsSince(0)).toBeGreaterThan(0);
	});
});
