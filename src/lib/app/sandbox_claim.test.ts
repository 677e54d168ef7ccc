import { describe, expect, it } from 'vitest';
import { SandboxClaim, type Locks } from './sandbox_claim';

/** Web Locks whose grant waits until `grant()`: one lock, held until its callback's promise settles. */
function slowLocks() {
	let held = false;
	let pending: (() => void) | undefined;
	const locks = {
		request(_name: string, _options: LockOptions, callback: (lock: Lock | null) => unknown) {
			return new Promise((resolve) => {
				pending = () => {
					held = true;
					void Promise.resolve(callback({ name: 'x', mode: 'exclusive' })).then(() => {
						held = false;
						resolve(undefined);
					});
				};
			});
		}
	} as unknown as Locks;
	return { locks, grant: () => pending?.(), held: () => held };
}

describe('SandboxClaim', () => {
	it('lets go at once of a lock granted after the editor closed', async () => {
		const web = slowLocks();
		const claim = new SandboxClaim('a', () => {}, web.locks);
		const acquired = claim.acquire();
		claim.release();
		web.grant();
		expect(await acquired).toBe(false);
		await Promise.resolve();
		await Promise.resolve();
		expect(web.held()).toBe(false);
		expect(claim.held).toBe(false);
	});

	it('holds a lock granted while open, until released', async () => {
		const web = slowLocks();
		const claim = new SandboxClaim('a', () => {}, web.locks);
		const acquired = claim.acquire();
		web.grant();
		expect(await acquired).toBe(true);
		expect(web.held()).toBe(true);
		claim.release();
		await Promise.resolve();
		await Promise.resolve();
		expect(web.held()).toBe(false);
	});
});
