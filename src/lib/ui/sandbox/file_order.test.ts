import { describe, expect, it } from 'vitest';
import { fileOrder } from './file_order';

describe('fileOrder', () => {
	it('lists the entry first, then the other files by name', () => {
		const files = { 'counter.ts': '', 'app.ts': '', 'main.ts': '', 'counter.test.ts': '' };
		expect(fileOrder(files, 'main.ts')).toEqual([
			'main.ts',
			'app.ts',
			'counter.test.ts',
			'counter.ts'
		]);
		expect(fileOrder({}, 'main.ts')).toEqual([]);
	});
});
