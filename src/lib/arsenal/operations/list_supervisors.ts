import { z } from 'zod';
import { ArsenalError } from '../errors';
import type { Json } from '../serialize';
import {
	ChildRow,
	SupervisorSummary,
	childRows,
	describeSupervisor,
	supervisorsOn
} from '../inspect';
import { within } from '../context';
import { defineOperation } from '../operation';
import { bool } from '../params';

/** How long a sandbox node may take to list its supervisors before it is left out. */
const REMOTE_MS = 1500;

export default defineOperation({
	name: 'list_supervisors',
	category: 'supervisors',
	summary: 'List supervisors',
	description:
		'Every live Supervisor and DynamicSupervisor, with its strategy, intensity and period, ' +
		'its child counts and the restarts inside its current intensity window; with ' +
		'includeChildren, its children too.',
	method: 'GET',
	path: '/supervisors',
	params: z.strictObject({
		node: z.string().max(200).optional().describe('Only supervisors of the node with this name.'),
		includeChildren: bool().prefault(false).describe("Also list each supervisor's children.")
	}),
	result: z.array(
		SupervisorSummary.extend({
			childList: z.array(ChildRow).optional().describe('With includeChildren.')
		})
	),
	meta: z.object({ total: z.number().int() }),
	errors: ['not_found'],
	async run({ node, includeChildren }, ctx) {
		const nodes = node ? ctx.nodes.filter((n) => n.node.name === node) : ctx.nodes;
		if (node && nodes.length === 0) {
			throw new ArsenalError('not_found', `No node named '${node}'.`, { node });
		}
		// A sandbox node (in its own worker) lists its own; one that is gone or busy lists none.
		const remote = await Promise.all(
			nodes.map(({ remote, node }) =>
				remote
					? within(
							REMOTE_MS,
							remote.execute('list_supervisors', { node: node.name, includeChildren })
						).then(
							(answer) => (answer?.data as Json[] | undefined) ?? [],
							(): Json[] => []
						)
					: Promise.resolve([])
			)
		);
		const found = nodes
			.filter((entry) => !entry.remote)
			.flatMap((entry) => supervisorsOn(entry).map((pid) => ({ entry, pid })));
		const described = await Promise.all(
			found.map(async ({ entry, pid }) => {
				try {
					const { summary, info } = await describeSupervisor(ctx, entry, pid);
					return includeChildren ? { ...summary, childList: childRows(info) } : summary;
				} catch {
					return undefined; // it exited while we looked
				}
			})
		);
		const data = [...described.filter((s) => s !== undefined), ...remote.flat()];
		return { data, meta: { total: data.length } };
	},
	examples: [
		{ summary: 'Every supervisor', params: {} },
		{ summary: 'With their children', params: { includeChildren: true } }
	]
});
