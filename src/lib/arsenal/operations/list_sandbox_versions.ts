import { z } from 'zod';
import { defineOperation } from '../operation';
import { sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'list_sandbox_versions',
	category: 'sandboxes',
	summary: "A sandbox's module versions",
	description:
		'Each file with its kept versions (the last 10), when each was loaded, and which one runs.',
	method: 'GET',
	path: '/sandboxes/:id/versions',
	params: z.strictObject({ id: sandboxId() }),
	result: z.array(
		z.object({
			module: z.string(),
			current: z.number().int(),
			versions: z.array(
				z.object({
					version: z.number().int(),
					vsn: z.string(),
					at: z.number().describe('Epoch ms.'),
					bytes: z.number().int()
				})
			)
		})
	),
	errors: ['not_found'],
	run: ({ id }, ctx) => ({ data: sandboxes(ctx).versions(id) }),
	examples: [{ summary: 'The versions in hello', params: { id: 'hello' } }]
});
