import { z } from 'zod';
import { ArsenalError } from '../errors';
import { defineOperation } from '../operation';
import { int, pidText } from '../params';
import { ReportOut } from '../reports';

export default defineOperation({
	name: 'list_reports',
	category: 'system',
	summary: 'Crash and supervisor reports',
	description:
		"What Erlang's logger prints, kept per node (the last 1,000 of each, a sandbox's across its " +
		'restarts): a crash report for every process that exited with a reason other than normal, ' +
		'shutdown or {shutdown, _} — its error and stack, and for a server its last message and ' +
		'state — and a supervisor report for every child_terminated, start_error, shutdown ' +
		'(reached_max_restart_intensity, with the children whose restarts used it up) and ' +
		"shutdown_error. Filter by node, by the pid a report is about (a crash report's process, " +
		"a supervisor report's supervisor) and by kind. Oldest first within each node.",
	method: 'GET',
	path: '/system/reports',
	params: z.strictObject({
		node: z.string().max(200).optional().describe('Only the reports of the node with this name.'),
		pid: pidText()
			.optional()
			.describe('Only the reports about this process (<0.42.0>, 0.42.0 or #PID<0.42.0>).'),
		kind: z.enum(['crash', 'supervisor']).optional().describe('Only crash or supervisor reports.'),
		limit: int(z.number().int().min(1).max(1000))
			.prefault(1000)
			.describe('At most this many per node: the newest.')
	}),
	result: z.array(ReportOut),
	errors: ['not_found'],
	// The system node keeps each sandbox's reports, even those of a worker that has ended.
	local: true,
	run({ node, pid, kind, limit }, ctx) {
		const source = ctx.reports;
		const names = source?.nodes() ?? [];
		if (node !== undefined && !names.includes(node)) {
			throw new ArsenalError(
				'not_found',
				`No node named '${node}' keeps reports; the nodes are ${names.join(', ') || 'none'}.`,
				{ node }
			);
		}
		const data = (node === undefined ? names : [node]).flatMap((name) =>
			(source?.list(name, { pid, kind }) ?? []).slice(-limit)
		);
		return { data };
	},
	examples: [
		{ summary: 'Every report', params: {} },
		{
			summary: 'The crash reports of the system node',
			params: { node: 'system@superlearner', kind: 'crash' }
		},
		{ summary: 'What happened to one process', params: { pid: '<0.42.0>' } }
	]
});
