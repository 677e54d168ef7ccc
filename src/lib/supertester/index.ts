/**
 * Supertester: deterministic, readable tests of OTP-style code (see README.md). Every helper
 * and assertion takes the Node first, returns a promise and never sleeps.
 *
 * ```ts
 * import { setupIsolatedGenServer, castAndSync, assertGenServerState } from '$lib/supertester';
 * const { pid } = await setupIsolatedGenServer(node, Counter, { args: 0 });
 * await castAndSync(node, pid, 'inc');
 * await assertGenServerState(node, pid, 1);
 * ```
 */
export { AssertionFailure, isAssertionFailure } from './failure';
export { attachSupertester, type SupertesterEvent, type SupertesterHandler } from './telemetry';
export * from './isolation';
export * from './sync';
export * from './assertions';
export * from './chaos';
export * from './performance';
