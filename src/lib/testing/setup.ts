/**
 * Run before every test file (vite.config.ts, `test.setupFiles`). `expect.requireAssertions` is
 * on, and vitest counts only its own `expect(…)`: here each Supertester assertion counts as one
 * too, passed or failed, so a test that checks with Supertester alone is not failed for having
 * no assertion.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { attachSupertester } from '$lib/supertester';

let detach: (() => void) | undefined;

beforeEach(() => {
	detach = attachSupertester((event) => {
		if (event === 'supertester.assertion.passed' || event === 'supertester.assertion.failed') {
			expect.setState({ assertionCalls: expect.getState().assertionCalls + 1 });
		}
	});
});

afterEach(() => {
	detach?.();
	detach = undefined;
});
