import { z } from 'zod';
import { defineOperation } from '../operation';
import { SandboxInfo, sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'get_sandbox',
	category: 'sandboxes',
	summary: 'A sandbox',
	description:
		'A sandbox: status, files, entry, root supervisor and its children, figures (processes, ' +
		'restarts, memory, uptime), the last build’s diagnostics and the version of each file.',
	method: 'GET',
	path: '/sandboxes/:id',
	params: z.strictObject({ id: sandboxId() }),
	result: SandboxInfo,
	errors: ['not_found'],
	run: ({ id }, ctx) => ({ data: sandboxes(ctx).info(id) }),
	examples: [{ summary: 'The sandbox named hello', params: { id: 'hello' } }]
});
