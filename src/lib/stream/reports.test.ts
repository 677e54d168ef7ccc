import { describe, expect, it } from 'vitest';
import {
	GenServer,
	Supervisor,
	createNode,
	type GenServerModule,
	type Pid,
	type SupervisorModule
} from '$lib/runtime';
import { reportHeadline } from '$lib/arsenal/report_text';
import { ReportOut } from '$lib/arsenal/reports';
import { toObserverEvent } from './event_batcher';
import { ReportLog, logReports, toReportOut } from './reports';

const Crasher: GenServerModule<{ ticks: number }> = {
	name: 'Crasher',
	init: () => ['ok', { ticks: 0 }, 4000],
	handleInfo() {
		throw new Error('boom: the crasher crashed');
	}
};

/** A one_for_one root over the crasher, allowing `intensity` restarts in 10 s. */
async function crashingApp(intensity: number) {
	const node = createNode({ name: 'app@test', number: 2, clock: 'virtual' });
	const log = new ReportLog();
	logReports(node, log);
	const app: SupervisorModule = {
		name: 'App',
		init: () => [
			'ok',
			{ strategy: 'one_for_one', intensity, period: 10 },
			[GenServer.childSpec(Crasher, undefined, { id: 'crasher' })]
		]
	};
	const [, root] = (await Supervisor.start(node, app)) as ['ok', Pid];
	return { node, log, root };
}

describe('toReportOut', () => {
	it("makes a crashing server's report plain data, with the error's message and stack", async () => {
		const { node, log } = await crashingApp(3);
		await node.advance(4000);
		const [crash, terminated] = log.list();
		expect(ReportOut.parse(crash)).toEqual(crash);
		expect(crash).toMatchObject({
			kind: 'crash',
			node: 'app@test',
			at: 4000,
			module: 'Crasher',
			behaviour: 'gen_server',
			reason: { name: 'Error', message: 'boom: the crasher crashed' },
			error: { name: 'Error', message: 'boom: the crasher crashed' },
			lastMessage: 'timeout',
			state: { ticks: 0 }
		});
		expect(crash.kind === 'crash' && crash.error?.stack).toMatch(/boom: the crasher crashed/);
		expect(reportHeadline(crash)).toMatch(
			/^crash: <2\.\d+\.0> Crasher — boom: the crasher crashed$/
		);
		expect(ReportOut.parse(terminated)).toEqual(terminated);
		expect(reportHeadline(terminated)).toMatch(
			/^supervisor <2\.\d+\.0> App: child crasher \(<2\.\d+\.0>\) terminated — boom: the crasher crashed$/
		);
		await node.shutdown();
	});

	it('says which child made a supervisor give up, and how often', async () => {
		const { node, log, root } = await crashingApp(1);
		await node.advance(4000);
		await node.advance(4000);
		const giveUp = log.list({ pid: String(root), kind: 'supervisor' }).at(-1)!;
		expect(giveUp).toMatchObject({
			errorContext: 'shutdown',
			reason: 'reached_max_restart_intensity',
			intensity: { intensity: 1, period: 10, restarts: 2, children: ['crasher', 'crasher'] }
		});
		expect(reportHeadline(giveUp)).toBe(
			`supervisor ${String(root)} App gave up: reached_max_restart_intensity (2 restarts in 10 s; 1 allowed) — child crasher: boom: the crasher crashed`
		);
		await node.shutdown();
	});

	it('cuts long stacks and large states', () => {
		const error = new Error('big');
		error.stack = 'x'.repeat(50_000);
		const node = createNode();
		const pid = node.spawn(() => undefined);
		const out = toReportOut(
			{
				kind: 'crash',
				pid,
				reason: error,
				error: { name: 'Error', message: 'big', stack: error.stack },
				state: Array.from({ length: 10_000 }, (_, i) => i)
			},
			1,
			'n@h'
		);
		expect(out.kind === 'crash' && out.error?.stack?.length).toBeLessThan(4_100);
		expect(JSON.stringify(out).length).toBeLessThan(10_000);
	});

	it('crosses in trace batches as a report event', () => {
		const node = createNode();
		const pid = node.spawn(() => undefined);
		expect(
			toObserverEvent(
				{ type: 'report', report: { kind: 'crash', pid, reason: 'oops' }, at: 5 },
				'n@h'
			)
		).toEqual({
			type: 'report',
			report: { kind: 'crash', node: 'n@h', at: 5, pid: String(pid), reason: 'oops' },
			at: 5
		});
	});
});

describe('ReportLog', () => {
	const crash = (n: number): ReportOut => ({
		kind: 'crash',
		node: 'n@h',
		at: n,
		pid: `<0.${n % 3}.0>`,
		reason: n
	});

	it('keeps the last 1,000 reports of a node, oldest first', () => {
		const log = new ReportLog();
		for (let n = 1; n <= 1_005; n++) log.push(crash(n));
		expect(log.size).toBe(1_000);
		expect(log.list()[0].at).toBe(6);
		expect(log.list().at(-1)?.at).toBe(1_005);
	});

	it('filters by the process a report is about and by kind', () => {
		const log = new ReportLog(10);
		for (let n = 1; n <= 6; n++) log.push(crash(n));
		log.push({
			kind: 'supervisor',
			node: 'n@h',
			at: 7,
			supervisor: '<0.1.0>',
			errorContext: 'child_terminated',
			reason: 'died',
			child: { id: 'a', restart: 'permanent', shutdown: 5000, type: 'worker' }
		});
		expect(log.list({ pid: '<0.1.0>' }).map((r) => r.at)).toEqual([1, 4, 7]);
		expect(log.list({ pid: '<0.1.0>', kind: 'crash' }).map((r) => r.at)).toEqual([1, 4]);
		expect(log.list({ kind: 'supervisor' }).map((r) => r.at)).toEqual([7]);
	});
});
