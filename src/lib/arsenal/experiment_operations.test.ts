/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call -- answers are JSON, read the way a client reads them */
// run_experiment over REST, as a client sees it: a scenario played against a sandbox started
// afresh, each step's result with the restarts it caused, the same answer on every replay.
import { describe, expect, it } from 'vitest';
import { sandboxSystemEachTest } from '$lib/testing/sandbox';
import { EXAMPLE_COUNTER_V2, EXAMPLE_FILES } from './sandbox_examples';
import type { StepInput } from './experiment_schemas';

const fx = sandboxSystemEachTest();
const counter = { path: ['Example.Counter'] };

async function sandbox(id: string, files: Record<string, string> = EXAMPLE_FILES) {
	expect((await fx.t.post('/api/v1/sandboxes', { id, files, run: false })).status).toBe(201);
}

function play(id: string, scenario: StepInput[], options: { clock?: string; seed?: number } = {}) {
	return fx.t.post(`/api/v1/sandboxes/${id}/experiments`, { scenario, ...options });
}

const KILL_AND_CHECK: StepInput[] = [
	{ kind: 'call', target: counter, message: 'inc' },
	{ kind: 'kill', target: counter },
	{ kind: 'wait', ms: 10 },
	{ kind: 'assert', check: 'restarted', target: counter },
	{ kind: 'assert', check: 'state', target: counter, value: 0 },
	{ kind: 'assert', check: 'strategy', target: { path: [] }, value: 'one_for_one' }
];

describe('run_experiment', () => {
	it('plays each step and answers what it did and the restarts it caused', async () => {
		await sandbox('hello');
		const res = await play('hello', KILL_AND_CHECK);
		expect(res.status).toBe(200);
		const result = res.body.data;
		expect(result).toMatchObject({
			ok: true,
			clock: 'virtual',
			seed: 1,
			restarts: 1,
			assertions: { passed: 3, failed: 0 }
		});
		expect(result.steps.map((s: { label: string }) => s.label)).toEqual([
			'call "inc" to Example.Counter',
			'kill Example.Counter',
			'wait 10 ms',
			'check restarted of Example.Counter',
			'check state of Example.Counter is 0',
			'check strategy of the root is "one_for_one"'
		]);
		expect(result.steps[0].result).toMatchObject({ type: 'call', reply: 1 });
		const [restart] = result.steps[1].restarts;
		expect(restart).toMatchObject({ childId: 'Example.Counter', reason: 'killed' });
		// Pids as the sandbox's own node shows them.
		expect(restart.oldPid).toMatch(/^<0\.\d+\.0>$/);
		expect(restart.newPid).not.toBe(restart.oldPid);
		expect(result.steps[1].exits).toEqual([{ pid: restart.oldPid, reason: 'killed' }]);
		expect(result.steps.map((s: { at: number }) => s.at)).toEqual([0, 0, 0, 10, 10, 10]);
		expect(result.durationMs).toBe(10);
		// The sandbox runs on afterwards, its clock following the wall clock.
		expect((await fx.t.get('/api/v1/sandboxes/hello')).body.data.status).toBe('running');
	});

	it('answers the same on every replay with the same seed', async () => {
		await sandbox('again');
		const scenario: StepInput[] = [
			...KILL_AND_CHECK,
			{ kind: 'kill', target: counter, reason: 'boom' },
			{ kind: 'call', target: counter, message: 'get', timeoutMs: 50 },
			{ kind: 'wait', ms: 1000 }
		];
		const first = await play('again', scenario, { seed: 7 });
		const second = await play('again', scenario, { seed: 7 });
		expect(first.status).toBe(200);
		expect(second.body).toEqual(first.body);
	});

	it("fails a step aimed at a process that is gone with 'noproc', and plays the rest", async () => {
		await sandbox('gone');
		const res = await play('gone', [
			{ kind: 'kill', target: { pid: '<0.999.0>' } },
			{ kind: 'send', target: { name: 'Nobody' }, message: 'hi' },
			{ kind: 'kill', target: { path: ['Example.Counter', 'deeper'] } },
			{ kind: 'assert', check: 'dead', target: { pid: '<0.999.0>' } },
			{ kind: 'assert', check: 'childCount', target: { path: [] }, value: 2 },
			{ kind: 'call', target: counter, message: 'get' }
		]);
		expect(res.status).toBe(200);
		const steps = res.body.data.steps;
		expect(steps.map((s: { status: string }) => s.status)).toEqual([
			'failed',
			'failed',
			'failed',
			'ok',
			'failed',
			'ok'
		]);
		expect(steps[0].error).toEqual({
			code: 'noproc',
			message: expect.stringMatching(/<0\.999\.0>/)
		});
		expect(steps[1].error.code).toBe('noproc');
		expect(steps[2].error).toEqual({
			code: 'noproc',
			message: expect.stringMatching(/Example\.Counter/)
		});
		expect(steps[4].error).toEqual({
			code: 'assertion_failed',
			message: expect.stringMatching(/expected 2 active children .*found 1/)
		});
		expect(res.body.data).toMatchObject({ ok: false, assertions: { passed: 1, failed: 1 } });
	});

	it('hot-loads a reload step, and a reload that does not compile plays nothing', async () => {
		await sandbox('reload');
		const ok = await play('reload', [
			{ kind: 'call', target: counter, message: 'inc' },
			{ kind: 'reload', file: 'counter.ts', source: EXAMPLE_COUNTER_V2 },
			{ kind: 'call', target: counter, message: 'inc' }
		]);
		expect(ok.status).toBe(200);
		expect(ok.body.data.steps.map((s: { result?: { reply?: number } }) => s.result?.reply)).toEqual(
			[1, undefined, 3]
		);
		expect(ok.body.data.steps[1].result.modules).toEqual(['Example.Counter']);
		const bad = await play('reload', [
			{ kind: 'reload', file: 'counter.ts', source: 'export const = ;' }
		]);
		expect(bad.status).toBe(422);
		expect(bad.body.error).toMatchObject({
			code: 'compile_failed',
			message: expect.stringMatching(/^Step 1 \(reload counter\.ts\): counter\.ts:1:/)
		});
	});

	it("plays a custom step with the program's handleExperiment", async () => {
		await sandbox('custom', {
			...EXAMPLE_FILES,
			'main.ts': `${EXAMPLE_FILES['main.ts']}
export function handleExperiment(step: { name: string; data?: number }, state: { data: { total?: number }; node: { call(to: string, m: unknown): Promise<number> } }) {
	state.data.total = (state.data.total ?? 0) + (step.data ?? 0);
	return { name: step.name, total: state.data.total };
}
`
		});
		const res = await play('custom', [
			{ kind: 'custom', name: 'add', data: 2 },
			{ kind: 'custom', name: 'add', data: 3 }
		]);
		expect(res.body.data.steps.map((s: { result: unknown }) => s.result)).toEqual([
			{ name: 'add', total: 2 },
			{ name: 'add', total: 5 }
		]);
		await sandbox('plain');
		const none = await play('plain', [{ kind: 'custom', name: 'add' }]);
		expect(none.body.data.steps[0].error).toEqual({
			code: 'no_handler',
			message: expect.stringMatching(/handleExperiment/)
		});
	});

	it('answers 422 naming the first wrong field, and 404 for a sandbox that does not exist', async () => {
		await sandbox('strict');
		const bad = await play('strict', [{ kind: 'wait', ms: -5 }]);
		expect(bad.status).toBe(422);
		expect(JSON.stringify(bad.body.error)).toMatch(/scenario/);
		const long = await play('strict', [{ kind: 'wait', ms: 60_000 }], { clock: 'real' });
		expect(long.status).toBe(422);
		expect(JSON.stringify(long.body.error)).toMatch(/real clock, the waits may add up to 20 s/);
		expect((await play('nope', [])).status).toBe(404);
	});
});
