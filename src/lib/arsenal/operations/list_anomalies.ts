import { z } from 'zod';
import { analyzer, Finding, requireWatchedNode, Severity } from '../analyzer_schemas';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'list_anomalies',
	category: 'system',
	summary: "The system analyzer's findings",
	description:
		'What the analyzer finds in the live system, sampled once a second in the runtime worker: ' +
		'processes under no supervisor, a mailbox over 50 messages and rising, a process holding ' +
		'far more memory than the others, a restart storm, a supervisor near its restart intensity ' +
		'or one that gave up (reached_max_restart_intensity), a cycle of GenServer.calls waiting on ' +
		'each other (a deadlock), and calls that keep timing out. Each finding says what it means in ' +
		'OTP terms and what to try; its id stays the same while the condition lasts. A healthy tree ' +
		'gives none. Most severe first. Sandbox nodes give every kind but call_deadlock (their ' +
		'trace reaches the system without messages).',
	method: 'GET',
	path: '/system/anomalies',
	params: z.strictObject({
		node: z
			.string()
			.max(200)
			.optional()
			.describe('Only the findings about the node with this name.'),
		severity: Severity.optional().describe('Only the findings of this severity.')
	}),
	result: z.array(Finding),
	errors: ['not_found'],
	// The analyzer runs on the system node, and watches the sandboxes' nodes from there.
	local: true,
	run({ node, severity }, ctx) {
		const service = analyzer(ctx);
		requireWatchedNode(service, node);
		const data = service
			.findings()
			.filter(
				(f) =>
					(node === undefined || f.node === node) &&
					(severity === undefined || f.severity === severity)
			);
		return { data };
	},
	examples: [
		{ summary: 'Every finding', params: {} },
		{ summary: 'The critical ones', params: { severity: 'critical' } },
		{ summary: 'Those of the system node', params: { node: 'system@superlearner' } }
	]
});
