import { describe, expect, it } from 'vitest';
import { operationOfHash } from './anchors';

describe('operationOfHash', () => {
	it('names the operation of the hash, keeping the one shown for a category anchor', () => {
		expect(operationOfHash('#kill_process', 'list_processes')).toBe('kill_process');
		expect(operationOfHash('#category-sandboxes', 'kill_process')).toBe('kill_process');
		expect(operationOfHash('#category-sandboxes', undefined)).toBeUndefined();
		expect(operationOfHash('', 'kill_process')).toBeUndefined();
		expect(operationOfHash('#send%20message', undefined)).toBe('send message');
	});
});
