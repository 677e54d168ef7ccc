/**
 * `superlearner/test` as a test bundle imports it: the collector's `test`, `it`, `describe`,
 * `beforeEach`, `afterEach`, `expect`, and every Supertester helper and assertion, as
 * learner_api.ts declares it.
 */
import * as supertester from '$lib/supertester';
import type { TestCollector } from './collect';
import { expect } from './expect';
import type * as LearnerApi from './learner_api';

export function learnerTestModule(collector: TestCollector): Readonly<typeof LearnerApi> {
	return Object.freeze({ ...supertester, expect, ...collector.api });
}
