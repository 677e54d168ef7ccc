import { describe, expect, it } from 'vitest';
import { findFile, normalize } from './virtual_fs';

describe('normalize', () => {
	it('resolves . and .. within the sandbox root', () => {
		expect(normalize('lib/./a/../b.ts')).toBe('lib/b.ts');
		expect(normalize('./main.ts')).toBe('main.ts');
		expect(normalize('lib/../../x.ts')).toBeNull();
	});
});

describe('findFile', () => {
	const files = { 'a.ts': '', 'lib/index.ts': '', 'b.ts.ts': '', 'c.js': '' };

	it('tries the path as written, then with .ts, then as a folder', () => {
		expect(findFile(files, 'a')).toBe('a.ts');
		expect(findFile(files, 'a.ts')).toBe('a.ts');
		expect(findFile(files, 'lib')).toBe('lib/index.ts');
		expect(findFile(files, 'c.js')).toBe('c.js');
		expect(findFile(files, 'missing')).toBeNull();
		expect(findFile(files, null)).toBeNull();
	});

	it('does not find inherited object keys', () => {
		expect(findFile(files, 'constructor')).toBeNull();
	});
});
