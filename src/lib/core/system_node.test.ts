import { describe, expect, it } from 'vitest';
import { createSystemNode } from './system_node';

describe('createSystemNode', () => {
	it('is node 0 named system@superlearner and counts uptime from its start', () => {
		let clock = 10_000;
		const node = createSystemNode(() => clock);
		clock += 1_234;
		expect(node.info()).toEqual({
			name: 'system@superlearner',
			number: 0,
			startedAt: 10_000,
			uptimeMs: 1_234
		});
	});
});
