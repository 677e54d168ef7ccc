/**
 * `superlearner/test` as the sandbox editor declares it (its `.d.ts` is generated from this
 * file, see vite/runtime_dts.ts): vitest's `test`, `it`, `describe`, `beforeEach`, `afterEach`
 * and `expect`, and every Supertester helper and assertion. learner_module.ts builds the
 * module itself, of this type, for each test worker.
 */
import type { TestApi } from './collect';

export * from '$lib/supertester';
export { expect } from './expect';
export type { Assertion, Matchers } from './expect';
export type { Hook, TestContext, TestFn, TestOptions } from './collect';

/** A test: `test('counts', async ({ node }) => { … })`; `test.skip`, `test.only`. */
export declare const test: TestApi['test'];
/** `test`, by its other name. */
export declare const it: TestApi['it'];
/** A group of tests whose names it prefixes: `describe('Counter', () => { … })`. */
export declare const describe: TestApi['describe'];
/** Runs before each test of its describe block (and of the file, at the top level). */
export declare const beforeEach: TestApi['beforeEach'];
/** Runs after each test of its describe block, also after a failure. */
export declare const afterEach: TestApi['afterEach'];
