import { z } from 'zod';
import { defineOperation } from '../operation';
import { int } from '../params';
import {
	MAX_REPLAY_INPUTS,
	MAX_REPLAY_MS,
	ReplayInput,
	ReplayOutcome,
	requireTimeline
} from '../timeline_schemas';

/** A run without a duration lasts this long past its last input, and at least a minute. */
const TAIL_MS = 5_000;
const SHORTEST_MS = 60_000;

export default defineOperation({
	name: 'replay_timeline',
	category: 'tracing',
	summary: 'Replay the demo application deterministically',
	description:
		'Runs the demo application from its start in a fresh node on the virtual clock with `seed`, ' +
		'applies the inputs (kills, faults and messages to Demo processes by name) at their node-clock ' +
		'times, runs to durationMs, and records its event log. Without `digest` it runs twice, the ' +
		'record run and the replay, and compares the logs event by event: `identical`, or the first ' +
		'difference. With `digest` (of an earlier log) it runs once and compares digests. The inputs ' +
		'default to the ones this node recorded: the kills, faults and sends done through Arsenal on ' +
		'demo processes. At most 10 minutes of virtual time and 1,000 inputs.',
	method: 'POST',
	path: '/timeline/replay',
	local: true,
	params: z
		.strictObject({
			seed: int(
				z
					.number()
					.int()
					.min(0)
					.max(2 ** 31 - 1)
			)
				.prefault(1)
				.describe("The seed of the node's scheduler and of the demo's crash times."),
			inputs: z
				.array(ReplayInput)
				.max(MAX_REPLAY_INPUTS)
				.optional()
				.describe('The inputs; default those recorded on this node.'),
			durationMs: int(z.number().int().min(0).max(MAX_REPLAY_MS))
				.optional()
				.describe('How long the run lasts, virtual ms; default 5 s past the last input, ≥ 60 s.'),
			digest: z
				.string()
				.regex(/^[0-9a-f]{64}$/, { error: 'A SHA-256 digest in hex (64 characters)' })
				.optional()
				.describe("Compare with this earlier log's digest, running once.")
		})
		.superRefine((p, ctx) => {
			if (p.durationMs === undefined || !p.inputs) return;
			p.inputs.forEach((input, i) => {
				if (input.at > p.durationMs!) {
					ctx.addIssue({
						code: 'custom',
						path: ['inputs', i, 'at'],
						message: `after the end of the run (durationMs ${p.durationMs})`
					});
				}
			});
		}),
	result: ReplayOutcome,
	errors: ['not_found'],
	async run({ seed, inputs, durationMs, digest }, ctx) {
		const service = requireTimeline(ctx);
		const given = inputs ?? service.recordedInputs();
		const last = given.reduce((max, input) => Math.max(max, input.at), 0);
		const duration = durationMs ?? Math.min(MAX_REPLAY_MS, Math.max(SHORTEST_MS, last + TAIL_MS));
		// Given inputs are checked against the duration; recorded ones past it are left out.
		const taken = given.filter((input) => input.at <= duration);
		const recording = { seed, program: 'demo' as const, inputs: taken, durationMs: duration };
		return { data: await service.replay(recording, digest) };
	},
	examples: [
		{ summary: "Replay this node's recorded inputs over 20 s", params: { durationMs: 20_000 } },
		{
			summary: 'Kill Demo.Flaky twice, seed 7, 20 s',
			params: {
				seed: 7,
				durationMs: 20_000,
				inputs: [
					{ at: 5_000, action: { kind: 'kill', name: 'Demo.Flaky', reason: 'kill' } },
					{ at: 9_000, action: { kind: 'kill', name: 'Demo.Flaky', reason: 'kill' } }
				]
			}
		}
	]
});
