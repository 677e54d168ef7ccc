/**
 * `superlearner/test` as a test bundle imports it: the collector's `test`, `it`, `describe`,
 * `beforeEach`, `afterEach`, `expect`, and every Supertester helper and assertion.
 */
import * as supertester from '$lib/supertester';
import type { TestCollector } from './collect';
import { expect } from './expect';

export function learnerTestModule(collector: TestCollector): Readonly<Record<string, unknown>> {
	return Object.freeze({ ...supertester, expect, ...collector.api });
}
