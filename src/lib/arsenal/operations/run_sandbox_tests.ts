import { z } from 'zod';
import { defineOperation } from '../operation';
import { EXAMPLE_COUNTER_TEST, EXAMPLE_FILES } from '../sandbox_examples';
import { TestRun, files, sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'run_sandbox_tests',
	category: 'sandboxes',
	summary: "Run a sandbox's tests",
	description:
		"Runs the sandbox's *.test.ts files (the files given replace the stored ones first) in a " +
		'fresh worker of their own: the running program is untouched. Each test runs on a node ' +
		'of its own and gets a result: passed, failed with what was expected and the failing ' +
		'line, or skipped. A test that never yields fails as unresponsive after 2 s and the ' +
		'others still run; one that never finishes fails after its timeout (timeoutMs unless it ' +
		'sets its own). 422 compile_failed lists each error with file, line and column, and no ' +
		'test runs.',
	method: 'POST',
	path: '/sandboxes/:id/test',
	params: z.strictObject({
		id: sandboxId(),
		files: files().optional(),
		timeoutMs: z
			.number()
			.int()
			.min(1)
			.max(600_000)
			.optional()
			.describe("Each test's time limit, ms, unless it sets its own. Default 5000."),
		seed: z
			.number()
			.int()
			.min(0)
			.max(2 ** 31 - 1)
			.optional()
			.describe("The chaos helpers' seed; a random one (in the answer) by default.")
	}),
	result: TestRun,
	errors: ['not_found', 'validation_failed', 'compile_failed', 'load_failed', 'sandbox_failed'],
	run: async ({ id, files, timeoutMs, seed }, ctx) => ({
		data: await sandboxes(ctx).request({ type: 'test', id, files, timeoutMs, seed })
	}),
	examples: [
		{
			summary: 'Add a test to hello and run it',
			params: { id: 'hello', files: { ...EXAMPLE_FILES, 'counter.test.ts': EXAMPLE_COUNTER_TEST } }
		}
	]
});
