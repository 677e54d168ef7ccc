import { z } from 'zod';
import { ExperimentResult, PlayOptions, Scenario, realWaitsFit } from '../experiment_schemas';
import { defineOperation } from '../operation';
import { sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'run_experiment',
	category: 'sandboxes',
	summary: 'Play a scenario',
	description:
		'Starts the sandbox afresh from its files in a new worker, on the clock and seed given, and ' +
		'plays the scenario against it step by step: kill, fault, send/cast/call, wait, reload, ' +
		'assert (a Supertester assertion) and custom steps (the handleExperiment export of one of ' +
		"its modules). Answers each step's result with the restarts and exits it caused. A step " +
		"aimed at a process that is gone fails with 'noproc' and the rest still play. With the " +
		'virtual clock (the default) time passes only in wait steps, so a replay with the same ' +
		'seed answers the same; afterwards the sandbox keeps running, its clock following the ' +
		"wall clock. 422 compile_failed when the files or a reload step's source do not compile.",
	method: 'POST',
	path: '/sandboxes/:id/experiments',
	params: z
		.strictObject({
			id: sandboxId(),
			scenario: Scenario.describe('The steps, in order.'),
			...PlayOptions
		})
		.refine(realWaitsFit.check, realWaitsFit.params),
	result: ExperimentResult,
	errors: ['not_found', 'validation_failed', 'compile_failed', 'load_failed', 'sandbox_failed'],
	run: async ({ id, scenario, clock, seed }, ctx) => ({
		data: await sandboxes(ctx).request({ type: 'experiment', id, scenario, clock, seed })
	}),
	examples: [
		{
			summary: 'Kill the counter of hello and watch it come back',
			params: {
				id: 'hello',
				scenario: [
					{ kind: 'call', target: { path: ['Example.Counter'] }, message: 'inc' },
					{ kind: 'kill', target: { path: ['Example.Counter'] } },
					{ kind: 'wait', ms: 10 },
					{ kind: 'assert', check: 'restarted', target: { path: ['Example.Counter'] } },
					{ kind: 'assert', check: 'state', target: { path: ['Example.Counter'] }, value: 0 }
				]
			}
		}
	]
});
