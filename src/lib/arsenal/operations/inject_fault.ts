import { z } from 'zod';
import { injectFault } from '$lib/runtime/host';
import { guardSystem, requirePid, requireServer } from '../context';
import { ArsenalError } from '../errors';
import { defineOperation } from '../operation';
import { force, int, pid } from '../params';

const target = { pid: pid(), force: force() };
const count = int(z.number().int().min(1).max(1000))
	.prefault(1)
	.describe('How many of the next messages.');

export default defineOperation({
	name: 'inject_fault',
	category: 'processes',
	summary: 'Inject a fault',
	description:
		"Makes a process misbehave, to watch supervision at work. 'crash' exits it now with reason; " +
		"'throw' makes the next callback of a GenServer throw reason; 'delay' holds the next count " +
		"messages back by ms; 'drop' loses the next count messages. SuperLearner's own processes " +
		'answer 403 unless force is true.',
	method: 'POST',
	path: '/processes/:pid/faults',
	params: z.discriminatedUnion('kind', [
		z.strictObject({
			...target,
			kind: z.literal('crash'),
			reason: z.string().min(1).max(200).default('injected_crash').describe('The exit reason.')
		}),
		z.strictObject({
			...target,
			kind: z.literal('throw'),
			reason: z
				.string()
				.min(1)
				.max(200)
				.default('injected_throw')
				.describe('What the next callback throws.')
		}),
		z.strictObject({
			...target,
			kind: z.literal('delay'),
			count,
			ms: int(z.number().int().min(1).max(60_000))
				.prefault(1000)
				.describe('How late each message arrives, in ms.')
		}),
		z.strictObject({ ...target, kind: z.literal('drop'), count })
	]),
	result: z.object({
		pid: z.string(),
		fault: z.object({
			kind: z.enum(['crash', 'throw', 'delay', 'drop']),
			reason: z.string().optional(),
			count: z.number().int().optional(),
			ms: z.number().int().optional()
		}),
		armed: z.boolean().describe("True: the fault is armed ('crash': done).")
	}),
	errors: ['unauthorized', 'not_genserver'],
	authorize: (params, ctx) => guardSystem(ctx, params.pid, params.force, 'inject faults into'),
	run(params, ctx) {
		const { pid, entry } =
			params.kind === 'throw'
				? requireServer(ctx, params.pid, 'it has no callback to throw in.')
				: requirePid(ctx, params.pid);
		const { pid: _text, force: _force, ...fault } = params;
		const armed = injectFault(entry.node, pid, fault);
		if (!armed) {
			throw new ArsenalError('noproc', `No process ${params.pid}: it exited before the fault.`, {
				pid: params.pid
			});
		}
		return { data: { pid: String(pid), fault, armed } };
	},
	examples: [
		{ summary: 'Crash Demo.Producer', params: { pid: 'Demo.Producer', kind: 'crash' } },
		{
			summary: 'Make the next call to Demo.Counter crash it',
			params: { pid: 'Demo.Counter', kind: 'throw', reason: 'bad_math' }
		},
		{
			summary: 'Lose the next 3 events of Demo.Consumer',
			params: { pid: 'Demo.Consumer', kind: 'drop', count: 3 }
		},
		{
			summary: 'Hold the next 2 events of Demo.Transformer back by 2 s',
			params: { pid: 'Demo.Transformer', kind: 'delay', count: 2, ms: 2000 }
		}
	]
});
