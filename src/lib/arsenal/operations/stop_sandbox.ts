import { z } from 'zod';
import { defineOperation } from '../operation';
import { SandboxInfo, sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'stop_sandbox',
	category: 'sandboxes',
	summary: 'Stop a sandbox',
	description:
		'Shuts the root supervisor down in order, then ends the worker. The files and versions stay.',
	method: 'POST',
	path: '/sandboxes/:id/stop',
	params: z.strictObject({ id: sandboxId() }),
	result: SandboxInfo,
	errors: ['not_found'],
	run: async ({ id }, ctx) => ({ data: await sandboxes(ctx).request({ type: 'stop', id }) }),
	examples: [{ summary: 'Stop hello', params: { id: 'hello' } }]
});
