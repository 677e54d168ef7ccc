import { describe, expect, it } from 'vitest';
import { describeIncident } from './incidents';
import type { Incident } from '$lib/system/host';

const base: Incident = {
	id: 1,
	process: 'SuperLearner.Supervisor',
	reason: 'killed',
	at: 0,
	status: 'healed',
	endedAt: 900,
	sandboxes: { kept: ['a', 'b', 'c'], restarted: ['a', 'b'], failed: [] }
};

describe('describeIncident', () => {
	it('names what died, that the node was restarted, and which sandboxes run again', () => {
		expect(describeIncident(base)).toEqual({
			title: 'SuperLearner.Supervisor died (killed) and was restarted',
			body:
				'The system node was restarted. Your running sandboxes were restarted from their files: a, b. ' +
				"The system's processes started afresh: a pid noted before may now name another process."
		});
	});

	it('says which sandboxes did not start again, and why', () => {
		const text = describeIncident({
			...base,
			process: 'SuperLearner.SandboxManager',
			sandboxes: {
				kept: ['a', 'b'],
				restarted: ['a'],
				failed: [{ id: 'b', reason: 'x.ts:1:2: oops' }]
			}
		});
		expect(text.body).toBe(
			'It was restarted. Your running sandboxes were restarted from their files: a. ' +
				'Sandbox b did not start again: x.ts:1:2: oops.'
		);
	});

	it('says the sandboxes were kept when none was running', () => {
		const one = { kept: ['a'], restarted: [], failed: [] };
		expect(describeIncident({ ...base, sandboxes: one }).body).toContain(
			'Your sandbox was kept with its files; it was not running.'
		);
		const two = { kept: ['a', 'b'], restarted: [], failed: [] };
		expect(describeIncident({ ...base, sandboxes: two }).body).toContain(
			'Your 2 sandboxes were kept with their files; none was running.'
		);
	});

	it('says what is under way while it heals, and what to do when it gave up', () => {
		expect(describeIncident({ ...base, status: 'healing' })).toEqual({
			title: 'SuperLearner.Supervisor died (killed)',
			body: 'Restarting the system node, then your running sandboxes from their files…'
		});
		const failed = describeIncident({ ...base, status: 'failed', failure: 'It died 4 times.' });
		expect(failed.title).toBe(
			'SuperLearner.Supervisor died (killed) and SuperLearner could not restart it'
		);
		expect(failed.body).toBe(
			'It died 4 times. Files you edited in the sandbox editor are saved in this browser and survive a reload.'
		);
	});
});
