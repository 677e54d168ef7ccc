import { describe, expect, it } from 'vitest';
import { HARDENED_GLOBALS } from '$lib/sandbox/host/harden';
import { LOCKED_GLOBALS } from '$lib/sandbox/host/lockdown';
import { SANDBOX_GLOBALS_DTS } from './globals';

const declared = [...SANDBOX_GLOBALS_DTS.matchAll(/^declare (?:var|function|class) (\w+)/gm)].map(
	([, name]) => name
);

describe("the sandbox's globals for the editor", () => {
	it('declare only what a locked-down sandbox worker keeps', () => {
		expect(declared.length).toBeGreaterThan(5);
		for (const name of declared) {
			expect(LOCKED_GLOBALS).not.toContain(name);
			expect(HARDENED_GLOBALS).toContain(name);
		}
	});
});
