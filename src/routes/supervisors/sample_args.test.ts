import { describe, expect, it } from 'vitest';
import { sampleArgs } from './sample_args';

describe('sampleArgs', () => {
	it('fills an object schema with defaults, minimums and a fresh name', () => {
		const schema = {
			type: 'object',
			properties: {
				name: { type: 'string', minLength: 1 },
				everyMs: { type: 'integer', minimum: 100, default: 2000 },
				initial: { type: 'integer' }
			}
		};
		expect(sampleArgs(schema, 3)).toEqual({ name: 'new-3', everyMs: 2000, initial: 0 });
	});

	it('gives null for no argument', () => {
		expect(sampleArgs({ type: 'null' }, 1)).toBeNull();
		expect(sampleArgs({}, 1)).toBeNull();
	});
});
