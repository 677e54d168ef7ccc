import { z } from 'zod';
import { defineOperation } from '../operation';
import { EXAMPLE_FILES } from '../sandbox_examples';
import { SandboxInfo, files, filePath, sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'update_sandbox',
	category: 'sandboxes',
	summary: "Replace a sandbox's files",
	description:
		'Stores new files (and optionally a new entry) without running them: restart runs them, ' +
		'hot-reload swaps one file into the running processes.',
	method: 'PUT',
	path: '/sandboxes/:id',
	params: z.strictObject({ id: sandboxId(), files: files(), entry: filePath().optional() }),
	result: SandboxInfo,
	errors: ['not_found'],
	run: async ({ id, files, entry }, ctx) => ({
		data: await sandboxes(ctx).request({ type: 'update', id, files, entry })
	}),
	examples: [
		{ summary: 'Store the files of hello again', params: { id: 'hello', files: EXAMPLE_FILES } }
	]
});
