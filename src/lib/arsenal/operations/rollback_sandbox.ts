import { z } from 'zod';
import { defineOperation } from '../operation';
import { int } from '../params';
import { ReloadResult, filePath, sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'rollback_sandbox',
	category: 'sandboxes',
	summary: 'Roll a module back',
	description:
		'Hot-reloads a kept version of a file (see list_sandbox_versions), exactly as a new one: ' +
		'codeChange runs with the current version as oldVsn.',
	method: 'POST',
	path: '/sandboxes/:id/rollback',
	params: z.strictObject({
		id: sandboxId(),
		module: filePath(),
		version: int(z.number().int().min(1)).describe('A kept version number.')
	}),
	result: ReloadResult,
	errors: ['not_found', 'conflict', 'compile_failed', 'code_change_failed'],
	run: async ({ id, module, version }, ctx) => ({
		data: await sandboxes(ctx).request({ type: 'rollback', id, module, version })
	}),
	examples: [
		{
			summary: 'Back to the first counter.ts',
			params: { id: 'hello', module: 'counter.ts', version: 1 }
		}
	]
});
