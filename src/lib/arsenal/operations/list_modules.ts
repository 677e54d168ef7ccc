import { z } from 'zod';
import { jsonSchemaOf } from '../openapi';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'list_modules',
	category: 'supervisors',
	summary: 'List the modules start_child knows',
	description:
		'The modules a child can be started from with start_child: their name, whether they are ' +
		'workers or supervisors, what they do, and the JSON schema of their args.',
	method: 'GET',
	path: '/modules',
	params: z.strictObject({}),
	result: z.array(
		z.object({
			name: z.string(),
			type: z.enum(['worker', 'supervisor']),
			description: z.string(),
			args: z.record(z.string(), z.json()).describe('JSON schema of the start argument.')
		})
	),
	run(_params, ctx) {
		return {
			data: [...ctx.modules.values()].map((m) => ({
				name: m.name,
				type: m.type,
				description: m.description,
				args: jsonSchemaOf(m.args, 'input')
			}))
		};
	},
	examples: [{ summary: 'Every module', params: {} }]
});
