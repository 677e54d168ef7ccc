/**
 * The program the sandbox operations' examples use (on /arsenal and in the OpenAPI document):
 * a counter under a one_for_one supervisor, and a second version of the counter whose
 * codeChange keeps the count. The examples run in order in a test, so they must really work.
 */

export const EXAMPLE_MAIN = `import { GenServer } from 'superlearner';
import { Counter } from './counter';

export default {
	name: 'Example.Supervisor',
	init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(Counter, 0)]]
};
`;

export const EXAMPLE_COUNTER = `import type { GenServerModule } from 'superlearner';

export const Counter: GenServerModule<number> = {
	name: 'Example.Counter',
	init: (start: number) => ['ok', start],
	handleCall: (request, _from, n) => (request === 'get' ? ['reply', n, n] : ['reply', n + 1, n + 1])
};
`;

/** Version 2: counts by two, and keeps the count it is given. */
export const EXAMPLE_COUNTER_V2 = `import type { GenServerModule } from 'superlearner';

export const Counter: GenServerModule<number> = {
	name: 'Example.Counter',
	init: (start: number) => ['ok', start],
	handleCall: (request, _from, n) => (request === 'get' ? ['reply', n, n] : ['reply', n + 2, n + 2]),
	codeChange: (_oldVsn, n) => ['ok', n]
};
`;

export const EXAMPLE_FILES = { 'main.ts': EXAMPLE_MAIN, 'counter.ts': EXAMPLE_COUNTER };

/** A test of the counter, as a learner writes one (run_sandbox_tests' example). */
export const EXAMPLE_COUNTER_TEST = `import { test, expect, setupIsolatedGenServer } from 'superlearner/test';
import { Counter } from './counter';

test('each call counts one more', async ({ node }) => {
	const { pid } = await setupIsolatedGenServer(node, Counter, { args: 0 });
	expect(await node.call(pid, 'next')).toBe(1);
	expect(await node.call(pid, 'get')).toBe(1);
});
`;
