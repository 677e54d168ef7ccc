// Arsenal's figures from issue #4, measured in Node (the same V8 as the runtime worker):
// the first page of GET /processes with 100,000 processes on the node, time spent in the
// worker, and what executing an operation costs beyond the operation's own work.
// Run through `npm run bench` (it bundles this file and passes --expose-gc).
import { z } from 'zod';
import { startSystemRuntime, type SystemRuntime } from '../../src/lib/system/node.ts';
import { defineOperation } from '../../src/lib/arsenal/operation.ts';
import listProcesses from '../../src/lib/arsenal/operations/list_processes.ts';
import { OperationRegistry, type ExecutionContext } from '../../src/lib/arsenal/registry.ts';
import { Telemetry } from '../../src/lib/arsenal/telemetry.ts';
import { atMost, log, medianOf, Report } from './kit.ts';

const REPS = 9;
const PROCESSES = 100_000;
const OVERHEAD_CALLS = 100_000;

const report = new Report('arsenal');

/** A system runtime as the worker runs it, plus `n` idle processes. */
async function crowded(n: number): Promise<SystemRuntime> {
	const system = await startSystemRuntime({
		demo: { crashes: false },
		rateLimit: false,
		telemetry: new Telemetry(),
		maxProcesses: n + 10_000
	});
	for (let i = 0; i < n; i++) system.node.spawn((ctx) => ctx.receive());
	await system.node.settle();
	log(`${system.node.processes().length} processes on ${system.node.name}`);
	return system;
}

/** Milliseconds for one REST request through the Plug, as the worker answers the service worker. */
async function timeRequest(system: SystemRuntime, path: string): Promise<number> {
	const started = performance.now();
	const res = await system.handle({
		method: 'GET',
		url: path,
		headers: {},
		body: null,
		clientId: 'bench'
	});
	const ms = performance.now() - started;
	if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
	return ms;
}

const system = await crowded(PROCESSES);

await report.figure(
	'GET /processes, first page (100 of 100,000 processes)',
	'ms',
	atMost(5, '≤ 5 ms'),
	() => medianOf(REPS, () => timeRequest(system, '/api/v1/processes'))
);

await report.figure('GET /processes?perPage=1000, first page of 100,000', 'ms', undefined, () =>
	medianOf(REPS, () => timeRequest(system, '/api/v1/processes?perPage=1000'))
);

await report.figure('GET /processes?sort=memory, 100,000 processes sorted', 'ms', undefined, () =>
	medianOf(REPS, () => timeRequest(system, '/api/v1/processes?sort=memory'))
);

await report.figure('GET /processes?name=Demo, 100,000 processes filtered', 'ms', undefined, () =>
	medianOf(REPS, () => timeRequest(system, '/api/v1/processes?name=Demo'))
);

await system.shutdown();

/**
 * What execute() adds to an operation: rate limit, validation of list_processes' parameters
 * (with query-string coercion), telemetry start/stop with one handler attached, the deadline
 * timer, serialization of the result. The operation itself does nothing; the figure is the
 * time per execute minus the time per direct call of the same run().
 */
async function overhead(n: number): Promise<number> {
	const noop = defineOperation({
		...listProcesses,
		name: 'noop',
		run: () => ({ data: { ok: true } })
	});
	const telemetry = new Telemetry();
	let events = 0;
	telemetry.attach('count', ['arsenal.operation.start', 'arsenal.operation.stop'], () => events++);
	// A limit so high that it never refuses: its bookkeeping is part of the overhead.
	const registry = new OperationRegistry([noop], { telemetry, rateLimit: { limit: 1e9 } });
	const ctx = {} as ExecutionContext;
	const params = { perPage: '10', sort: 'name', name: 'Demo' };
	const parsed = noop.params.parse(params);
	let started = performance.now();
	for (let i = 0; i < n; i++) await Promise.resolve(noop.run(parsed, { ...ctx, registry }));
	const direct = performance.now() - started;
	started = performance.now();
	for (let i = 0; i < n; i++)
		await registry.execute('noop', params, { ...ctx, clientId: `c${i % 50}` });
	const executed = performance.now() - started;
	if (events !== 2 * n) throw new Error(`expected ${2 * n} telemetry events, saw ${events}`);
	return ((executed - direct) * 1000) / n;
}

await report.figure(
	'execute() overhead: rate limit, validation, telemetry, deadline, serialization',
	'µs',
	atMost(20, '≤ 20 µs'),
	() => medianOf(REPS, () => overhead(OVERHEAD_CALLS))
);

/** The zod validation alone, for the breakdown. */
await report.figure(
	'validation of list_processes parameters (zod, with coercion)',
	'µs',
	undefined,
	() =>
		medianOf(REPS, () => {
			const schema = listProcesses.params as z.ZodType;
			const params = { perPage: '10', sort: 'name', name: 'Demo' };
			const started = performance.now();
			for (let i = 0; i < OVERHEAD_CALLS; i++) schema.safeParse(params);
			return ((performance.now() - started) * 1000) / OVERHEAD_CALLS;
		})
);

report.finish();
