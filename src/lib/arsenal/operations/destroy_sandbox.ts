import { z } from 'zod';
import { defineOperation } from '../operation';
import { sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'destroy_sandbox',
	category: 'sandboxes',
	summary: 'Destroy a sandbox',
	description:
		'Terminates the worker (nothing of the sandbox survives) and forgets the sandbox, its ' +
		'files and versions.',
	method: 'DELETE',
	path: '/sandboxes/:id',
	params: z.strictObject({ id: sandboxId() }),
	result: z.object({ id: z.string(), destroyed: z.literal(true) }),
	errors: ['not_found'],
	run: async ({ id }, ctx) => ({ data: await sandboxes(ctx).request({ type: 'destroy', id }) }),
	examples: [{ summary: 'Destroy hello', params: { id: 'hello' } }]
});
