import { z } from 'zod';
import { defineOperation } from '../operation';
import { SandboxSummary, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'list_sandboxes',
	category: 'sandboxes',
	summary: 'List sandboxes',
	description: 'Every sandbox with its node, status, process count and restarts.',
	method: 'GET',
	path: '/sandboxes',
	params: z.strictObject({}),
	result: z.array(SandboxSummary),
	run: (_params, ctx) => ({ data: sandboxes(ctx).list() }),
	examples: [{ summary: 'Every sandbox', params: {} }]
});
