import { describe, expect, it } from 'vitest';
import { KEPT_VERSIONS, ModuleVersions } from './versions';

describe('ModuleVersions', () => {
	it('numbers versions per file, makes the newest current, and times them', () => {
		let t = 100;
		const versions = new ModuleVersions(() => t++);
		versions.add('a.ts', 'one');
		versions.add('b.ts', 'other');
		const second = versions.add('a.ts', 'two');
		expect(second).toEqual({ version: 2, vsn: 'v2', at: 102, source: 'two' });
		expect(versions.current('a.ts')?.source).toBe('two');
		expect(versions.vsns()).toEqual({ 'a.ts': 'v2', 'b.ts': 'v1' });
	});

	it(`keeps the last ${KEPT_VERSIONS} versions and never reuses a number`, () => {
		const versions = new ModuleVersions();
		for (let i = 1; i <= KEPT_VERSIONS + 3; i++) versions.add('a.ts', `source ${i}`);
		const [history] = versions.list();
		expect(history.versions).toHaveLength(KEPT_VERSIONS);
		expect(history.versions[0].version).toBe(4);
		expect(history.current).toBe(KEPT_VERSIONS + 3);
		expect(versions.get('a.ts', 3)).toBeUndefined();
	});

	it('rolls back to a kept version without rewriting the history', () => {
		const versions = new ModuleVersions();
		versions.add('a.ts', 'one');
		versions.add('a.ts', 'two');
		versions.setCurrent('a.ts', 1);
		expect(versions.current('a.ts')?.source).toBe('one');
		expect(versions.list()[0].versions.map((v) => v.version)).toEqual([1, 2]);
		expect(() => versions.setCurrent('a.ts', 9)).toThrow(/no version 9/);
	});
});
