import { z } from 'zod';
import { defineOperation } from '../operation';
import { EXAMPLE_COUNTER_V2 } from '../sandbox_examples';
import { ReloadResult, filePath, sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'hot_reload_sandbox',
	category: 'sandboxes',
	summary: "Hot-reload a sandbox's module",
	description:
		'Compiles the program with the new source of one file, then, like sys:change_code, ' +
		'suspends every process running that file’s modules, calls codeChange(oldVsn, state, ' +
		'extra), swaps the callbacks and resumes them: pids and state stay. A compile error ' +
		'(422 compile_failed) or a codeChange that throws (422 code_change_failed) changes nothing. ' +
		'The last 10 versions of each file are kept for rollback.',
	method: 'POST',
	path: '/sandboxes/:id/hot-reload',
	params: z.strictObject({
		id: sandboxId(),
		module: filePath(),
		source: z.string().max(200_000).describe('The new source of the file.')
	}),
	result: ReloadResult,
	errors: ['not_found', 'conflict', 'compile_failed', 'code_change_failed'],
	run: async ({ id, module, source }, ctx) => ({
		data: await sandboxes(ctx).request({ type: 'hot_reload', id, module, source })
	}),
	examples: [
		{
			summary: 'Counter counts by two, keeping its count',
			params: { id: 'hello', module: 'counter.ts', source: EXAMPLE_COUNTER_V2 }
		}
	]
});
