import { describe, expect, it } from 'vitest';
import { MAX_EVENTS_PER_SECOND, MAX_ITEMS_PER_SECOND, SandboxEventGuard } from './guard';

const NODE = 'sandbox_t@superlearner';

function guard(now = () => 0) {
	return new SandboxEventGuard({ nodeName: NODE, nodeNumber: 3, maxProcesses: 100, now });
}

const row = {
	pid: '<3.7.0>',
	name: 'Counter',
	status: 'waiting',
	messageQueueLen: 0,
	links: ['<3.6.0>'],
	monitors: [],
	monitoredBy: [],
	trapExit: false,
	parent: '<3.6.0>',
	behaviour: 'gen_server',
	module: 'Counter',
	reductions: 12,
	memory: 700,
	startedAt: 5
};

const crash = {
	kind: 'crash',
	node: NODE,
	at: 2,
	pid: '<3.7.0>',
	module: 'Counter',
	behaviour: 'gen_server',
	parent: '<3.6.0>',
	reason: { name: 'Error', message: 'boom' },
	error: { name: 'Error', message: 'boom', stack: 'Error: boom\n    at handleCall (main.ts:3)' },
	lastMessage: ['$gen_call', '<3.9.0>', 'crash'],
	state: { count: 1 }
};

const giveUp = {
	kind: 'supervisor',
	node: NODE,
	at: 4,
	supervisor: '<3.6.0>',
	module: 'App',
	errorContext: 'shutdown',
	reason: 'reached_max_restart_intensity',
	child: { id: 'counter', pid: '<3.8.0>', restart: 'permanent', shutdown: 5000, type: 'worker' },
	intensity: { intensity: 0, period: 5, restarts: 1, children: ['counter'], lastReason: 'boom' }
};

const batch = {
	seq: 1,
	node: NODE,
	now: 10,
	events: [
		{ type: 'spawn', pid: '<3.7.0>', parent: '<3.6.0>', at: 1 },
		{ type: 'exit', pid: '<3.7.0>', reason: { error: 'boom', stack: ['main.ts:3'] }, at: 2 },
		{ type: 'link', a: '<3.6.0>', b: '<3.7.0>', at: 1 },
		{ type: 'register', pid: '<3.7.0>', name: 'counter', at: 1 },
		{
			type: 'restart',
			supervisor: '<3.6.0>',
			childId: 'counter',
			oldPid: '<3.7.0>',
			newPid: '<3.8.0>',
			reason: 'boom',
			at: 3
		},
		{ type: 'report', report: crash, at: 2 },
		{ type: 'report', report: giveUp, at: 4 }
	],
	sent: 4,
	received: 3,
	dropped: 0
};

describe('SandboxEventGuard', () => {
	it('accepts every event a healthy sandbox sends, as it was sent', () => {
		const g = guard();
		const events = [
			{ type: 'heartbeat', at: 1 },
			{ type: 'console', lines: [{ at: 1, level: 'log', text: 'hi', pid: '<3.7.0>' }], dropped: 2 },
			{ type: 'batch', batch },
			{ type: 'processes', rows: [row], restarts: 1 },
			{ type: 'processes', rows: [row], restarts: 1, more: true },
			{ type: 'root_down', pid: '<3.6.0>', reason: 'shutdown' },
			{ type: 'root_down', pid: '<3.6.0>', reason: 'shutdown', gaveUp: giveUp },
			{ type: 'fault', kind: 'memory', message: 'killed: memory — it held about 300 MB' }
		];
		for (const event of events) expect(g.check(event)).toEqual({ ok: true, event });
	});

	it.each([
		[{ type: 'console', lines: null, dropped: 0 }, 'console.lines: not an array (null)'],
		[{ type: 'heartbeat', at: 'soon' }, "heartbeat.at: not a number ('soon')"],
		[
			{ type: 'root_down', pid: '<0.5.0>', reason: 'x' },
			"root_down.pid: not a pid of this sandbox ('<0.5.0>')"
		],
		[
			{ type: 'processes', rows: [{ ...row, pid: 'bad' }], restarts: 0 },
			"processes.rows[0].pid: not a pid of this sandbox ('bad')"
		],
		[
			{ type: 'processes', rows: Array(101).fill(row), restarts: 0 },
			'processes.rows: 101 items, more than 100'
		],
		[
			{ type: 'batch', batch: { ...batch, node: 'system@superlearner' } },
			'batch.node: not this sandbox'
		],
		[
			{ type: 'batch', batch: { ...batch, events: [{ type: 'send', at: 1 }] } },
			"batch.events[0].type: unknown ('send')"
		],
		[
			{ type: 'fault', kind: 'protocol', message: 'x' },
			'fault.kind: not a fault a sandbox reports'
		],
		[
			{ type: 'console', lines: [{ at: 1, level: 'log', text: 'x'.repeat(20_000) }], dropped: 0 },
			'console.lines[0].text: 20000 characters, more than 10100'
		],
		[{ type: 'exploit' }, "event.type: unknown ('exploit')"],
		[
			{
				type: 'batch',
				batch: {
					...batch,
					events: [{ type: 'report', report: { ...crash, pid: '<0.1.0>' }, at: 1 }]
				}
			},
			"batch.events[0].report.pid: not a pid of this sandbox ('<0.1.0>')"
		],
		[
			{
				type: 'batch',
				batch: {
					...batch,
					events: [{ type: 'report', report: { ...crash, node: 'system@superlearner' }, at: 1 }]
				}
			},
			'batch.events[0].report.node: not this sandbox'
		],
		[
			{
				type: 'batch',
				batch: {
					...batch,
					events: [{ type: 'report', report: { ...giveUp, errorContext: 'oops' }, at: 1 }]
				}
			},
			'batch.events[0].report.errorContext: not one of child_terminated, start_error, shutdown, shutdown_error'
		],
		[
			{ type: 'root_down', pid: '<3.6.0>', reason: 'shutdown', gaveUp: crash },
			"root_down.gaveUp: not a supervisor's shutdown report"
		],
		[
			{
				type: 'batch',
				batch: {
					...batch,
					events: [
						{
							type: 'report',
							report: {
								...crash,
								error: { name: 'Error', message: 'x', stack: 'y'.repeat(5_000) }
							},
							at: 1
						}
					]
				}
			},
			'batch.events[0].report.error.stack: 5000 characters, more than 4100'
		],
		[
			{ type: 'processes', rows: [], restarts: 0, more: 'yes' },
			"processes.more: not a boolean ('yes')"
		],
		[null, 'event: not an object (null)'],
		['heartbeat', "event: not an object ('heartbeat')"]
	])('refuses a forged or malformed event, naming the field: %j', (event, why) => {
		expect(guard().check(event)).toEqual({ ok: false, why });
	});

	it('refuses an exit reason deeper or larger than the serializer makes them', () => {
		let deep: unknown = 'x';
		for (let i = 0; i < 30; i++) deep = [deep];
		const exit = (reason: unknown) => ({
			type: 'batch',
			batch: { ...batch, events: [{ type: 'exit', pid: '<3.7.0>', reason, at: 1 }] }
		});
		expect(guard().check(exit(deep))).toMatchObject({
			ok: false,
			why: expect.stringMatching(/larger than an exit reason/) as unknown
		});
		expect(guard().check(exit(Array(2000).fill(1)))).toMatchObject({ ok: false });
	});

	it('keeps a __proto__ key of a reason as a key, not a prototype', () => {
		const reason = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
		const checked = guard().check({ type: 'root_down', pid: '<3.6.0>', reason });
		expect(checked.ok && Object.getPrototypeOf(checked.event)).toBe(Object.prototype);
		const copy = checked.ok && checked.event.type === 'root_down' ? checked.event.reason : null;
		expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
		expect(Object.keys(copy as object)).toEqual(['__proto__']);
		expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
	});

	it('refuses a flood: more events in a second than a healthy sandbox sends', () => {
		let now = 0;
		const g = guard(() => now);
		for (let i = 0; i < MAX_EVENTS_PER_SECOND; i++)
			expect(g.check({ type: 'heartbeat', at: i }).ok).toBe(true);
		expect(g.check({ type: 'heartbeat', at: 0 })).toEqual({
			ok: false,
			why: `more than ${MAX_EVENTS_PER_SECOND} events in a second`
		});
		now = 1_000;
		expect(g.check({ type: 'heartbeat', at: 0 }).ok).toBe(true);
	});

	it('refuses a flood of rows: thousand-row snapshots a millisecond apart', () => {
		const g = new SandboxEventGuard({
			nodeName: NODE,
			nodeNumber: 3,
			maxProcesses: 10_000,
			now: () => 0,
			// A hundredth of the real budget, so that the test checks 6,000 rows and not 600,000
			// (checking 60,000 took 8 s on a busy 2-core machine).
			maxItemsPerSecond: MAX_ITEMS_PER_SECOND / 100
		});
		const rows = Array.from({ length: 1_000 }, (_, i) => ({ ...row, pid: `<3.${i}.0>` }));
		const results = Array.from(
			{ length: 6 },
			() => g.check({ type: 'processes', rows, restarts: 0 }).ok
		);
		expect(results).toEqual([true, true, true, true, true, false]);
	});
	it("takes a cluster node's connection requests and nodeup/nodedown", () => {
		const g = guard();
		const events = [
			{ type: 'dist_request', peer: 'b@sim' },
			{ type: 'dist_request', peer: 5 },
			{ type: 'dist', event: 'nodeup', node: 'b@sim', at: 3 },
			{ type: 'dist', event: 'nodedown', node: 'b@sim', reason: 'noconnection', at: 4 }
		];
		for (const event of events) expect(g.check(event)).toEqual({ ok: true, event });
		expect(g.check({ type: 'dist', event: 'nodeexploded', node: 'b@sim', at: 1 })).toEqual({
			ok: false,
			why: 'dist.event: not one of nodeup, nodedown'
		});
		expect(g.check({ type: 'dist_request', peer: -1 })).toMatchObject({ ok: false });
		// And in its trace: its connections up and down.
		const traced = {
			type: 'batch',
			batch: {
				...batch,
				events: [
					{ type: 'nodeup', node: 'b@sim', at: 1 },
					{ type: 'nodedown', node: 'b@sim', reason: 'disconnect', at: 2 }
				]
			}
		};
		expect(g.check(traced)).toEqual({ ok: true, event: traced });
	});

	it("lets a cluster node's links name other nodes' pids, and a sandbox's not", () => {
		const linked = { ...row, links: ['<5.2.0>'] };
		const link = { type: 'link', a: '<3.7.0>', b: '<5.2.0>', at: 1 };
		const cluster = new SandboxEventGuard({
			nodeName: NODE,
			nodeNumber: 3,
			maxProcesses: 100,
			remotePids: true
		});
		expect(cluster.check({ type: 'processes', rows: [linked], restarts: 0 })).toMatchObject({
			ok: true
		});
		expect(cluster.check({ type: 'batch', batch: { ...batch, events: [link] } })).toMatchObject({
			ok: true
		});
		// Its own pids stay its own.
		expect(
			cluster.check({ type: 'processes', rows: [{ ...row, pid: '<5.2.0>' }], restarts: 0 })
		).toMatchObject({ ok: false });
		expect(guard().check({ type: 'processes', rows: [linked], restarts: 0 })).toEqual({
			ok: false,
			why: "processes.rows[0].links[0]: not a pid of this sandbox ('<5.2.0>')"
		});
	});
});
