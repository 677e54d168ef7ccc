import { z } from 'zod';
import { defineOperation } from '../operation';
import { SandboxInfo, files, filePath, sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'restart_sandbox',
	category: 'sandboxes',
	summary: 'Run a sandbox afresh',
	description:
		'Compiles the files (the ones given, which replace the stored ones) and runs them in a ' +
		'fresh worker: the old worker and all its processes end first. 422 compile_failed lists ' +
		'each error with file, line and column; 422 unresponsive when the code never yields.',
	method: 'POST',
	path: '/sandboxes/:id/restart',
	params: z.strictObject({
		id: sandboxId(),
		files: files().optional(),
		entry: filePath().optional()
	}),
	result: SandboxInfo,
	errors: [
		'not_found',
		'compile_failed',
		'load_failed',
		'no_entry',
		'start_failed',
		'unresponsive'
	],
	run: async ({ id, files, entry }, ctx) => ({
		data: await sandboxes(ctx).request({ type: 'restart', id, files, entry })
	}),
	examples: [{ summary: 'Run hello again', params: { id: 'hello' } }]
});
