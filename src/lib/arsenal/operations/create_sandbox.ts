import { z } from 'zod';
import { defineOperation } from '../operation';
import { EXAMPLE_FILES } from '../sandbox_examples';
import { bool } from '../params';
import {
	SandboxInfo,
	files,
	filePath,
	memoryBudgetMb,
	sandboxId,
	sandboxes
} from '../sandbox_schemas';

export default defineOperation({
	name: 'create_sandbox',
	category: 'sandboxes',
	summary: 'Create a sandbox',
	description:
		'Creates a sandbox with its files and, unless run is false, compiles them and starts the ' +
		"entry file's default export (a SupervisorModule) as the root of a new node in its own " +
		'worker. A program that does not compile creates nothing: 422 compile_failed, whose ' +
		'details.diagnostics say where (with run false it is created, and not built). One that ' +
		'builds but fails to start is created, and its status says failed. 409 if the id exists ' +
		'or maxSandboxes (100) is reached.',
	method: 'POST',
	path: '/sandboxes',
	params: z.strictObject({
		id: sandboxId(),
		files: files(),
		entry: filePath().default('main.ts').describe('The file whose default export is the root.'),
		run: bool().prefault(true).describe('Compile and start it now.'),
		memoryBudgetMb: memoryBudgetMb().optional()
	}),
	result: SandboxInfo,
	successStatus: 201,
	errors: ['conflict', 'limit_exceeded', 'compile_failed'],
	run: async (params, ctx) => ({
		data: await sandboxes(ctx).request({ type: 'create', ...params })
	}),
	examples: [
		{ summary: 'A counter under a supervisor', params: { id: 'hello', files: EXAMPLE_FILES } }
	]
});
