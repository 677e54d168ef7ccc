/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- answers are JSON, read the way a client reads them */
// The analyzer's operations over REST, as a client sees them: GET /system/anomalies and
// GET /system/bottlenecks on the system node with the demo application, their filters, and
// the 404 and 422 answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testSystem, type TestSystem } from '$lib/testing/arsenal';

let t: TestSystem;
beforeEach(async () => {
	t = await testSystem();
});
afterEach(async () => {
	await t.system.shutdown();
});

/** A process outside any supervisor that takes no message, with `queued` messages waiting. */
function deafLoner(queued: number): string {
	const pid = t.node.spawn((ctx) => ctx.receive({ match: () => false }), { name: 'Loner' });
	for (let i = 0; i < queued; i++) t.node.send(pid, ['stray', i]);
	return String(pid);
}

describe('GET /system/anomalies', () => {
	it('answers no finding for the demo application', async () => {
		await t.node.advance(20_000);
		const res = await t.get('/api/v1/system/anomalies');
		expect(res).toMatchObject({ status: 200, body: { data: [] } });
	});

	it('answers a finding with its words and figures, filtered by node and severity', async () => {
		const pid = deafLoner(0);
		await t.node.advance(20_000);
		const res = await t.get('/api/v1/system/anomalies');
		expect(res.status).toBe(200);
		expect(res.body.data).toEqual([
			{
				id: `unsupervised:system@superlearner:${pid}`,
				kind: 'unsupervised',
				severity: 'warning',
				node: 'system@superlearner',
				pid,
				name: 'Loner',
				title: 'Runs under no supervisor',
				explanation: expect.stringContaining('no supervisor is linked to it'),
				suggestion: expect.stringContaining('child of a supervisor'),
				since: expect.any(Number),
				figures: { ageMs: expect.any(Number), minimumAgeMs: 15_000, parent: '<0.0.0>' }
			}
		]);
		const warnings = await t.get('/api/v1/system/anomalies?severity=warning');
		expect(warnings.body.data).toHaveLength(1);
		const critical = await t.get('/api/v1/system/anomalies?severity=critical');
		expect(critical.body.data).toEqual([]);
		const ofNode = await t.get('/api/v1/system/anomalies?node=system%40superlearner');
		expect(ofNode.body.data).toHaveLength(1);
	});

	it('answers 404 for a node it does not know and 422 for a severity it has not', async () => {
		const unknown = await t.get('/api/v1/system/anomalies?node=nowhere');
		expect(unknown.status).toBe(404);
		expect(unknown.body.error).toMatchObject({ code: 'not_found', details: { node: 'nowhere' } });
		expect(unknown.body.error?.message).toContain('system@superlearner');
		const bad = await t.get('/api/v1/system/anomalies?severity=dire');
		expect(bad.status).toBe(422);
		expect(JSON.stringify(bad.body.error)).toContain('severity');
	});
});

describe('GET /system/bottlenecks', () => {
	it('ranks processes by queue, reductions and memory, and lists the calls waited on', async () => {
		const loner = deafLoner(40);
		const stuck = t.node.spawn((ctx) => ctx.receive({ match: () => false }), { name: 'Stuck' });
		const waiter = t.node.spawn((ctx) => ctx.call(stuck, 'anyone?', 'infinity'), {
			name: 'Waiter'
		});
		await t.node.advance(3_000);
		const res = await t.get('/api/v1/system/bottlenecks?limit=3');
		expect(res.status).toBe(200);
		const { byQueue, byReductions, byMemory, waiting } = res.body.data;
		expect(byQueue[0]).toMatchObject({
			node: 'system@superlearner',
			pid: loner,
			name: 'Loner',
			queue: 40,
			queueGrowth: 0
		});
		expect(byReductions.length).toBeLessThanOrEqual(3);
		expect(byReductions[0].reductionsPerSecond).toBeGreaterThan(0);
		expect(byMemory).toHaveLength(3);
		expect(byMemory[0].memory).toBeGreaterThanOrEqual(byMemory[2].memory);
		expect(waiting).toEqual([
			{
				node: 'system@superlearner',
				pid: String(waiter),
				name: 'Waiter',
				waitingOn: String(stuck),
				waitingOnName: 'Stuck',
				forMs: expect.any(Number)
			}
		]);
		expect(waiting[0].forMs).toBeGreaterThanOrEqual(2_000);
	});

	it('answers 422 naming limit when it is out of range or not a number', async () => {
		for (const limit of ['0', '101', 'ten']) {
			const res = await t.get(`/api/v1/system/bottlenecks?limit=${limit}`);
			expect(res.status).toBe(422);
			expect(JSON.stringify(res.body.error)).toContain('limit');
		}
	});
});
