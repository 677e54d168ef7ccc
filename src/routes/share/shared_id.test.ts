import { describe, expect, it } from 'vitest';
import { SANDBOX_ID } from '$lib/app/sandbox_client';
import { sharedSandboxId } from './shared_id';

describe('sharedSandboxId', () => {
	it('names the same link the same (with or without its #), and two links two ways', () => {
		const id = sharedSandboxId('1.q1YqzU1NVbJSKsrPS');
		expect(id).toMatch(/^shared-[0-9a-f]{8}$/);
		expect(SANDBOX_ID.test(id)).toBe(true);
		expect(sharedSandboxId('#1.q1YqzU1NVbJSKsrPS')).toBe(id);
		expect(sharedSandboxId('1.q1YqzU1NVbJSKsrPT')).not.toBe(id);
	});
});
