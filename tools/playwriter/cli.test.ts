import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngSize, servePage, type ServedPage } from './testing/served_page.ts';

const bin = new URL('../../bin/playwriter.mjs', import.meta.url).pathname;
let served: ServedPage;
let dir: string;

beforeAll(async () => {
	served = await servePage();
	dir = await mkdtemp(join(tmpdir(), 'playwriter-cli-'));
});
afterAll(async () => {
	await served.close();
	await rm(dir, { recursive: true, force: true });
});

/** Runs `playwriter …` in a process of its own (asynchronously: the test's server must answer). */
function playwriter(
	...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', reject);
		child.once('close', (code) => resolve({ code, stdout, stderr }));
	});
}

// The first run may build playwriter-build/ (a second or two).
describe('playwriter command', { timeout: 60_000 }, () => {
	it('prints its usage on --help and exits 0', async () => {
		const run = await playwriter('--help');
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('playwriter screenshot <url> <out.png>');
	});

	it('exits 2 with the usage on stderr for missing arguments or an unknown flag', async () => {
		for (const args of [[], ['screenshot', served.url], ['html', served.url, '--nope']]) {
			const run = await playwriter(...args);
			expect(run.code).toBe(2);
			expect(run.stderr).toContain('Usage:');
		}
	});

	it('fails with browser_not_found for an --executable-path that does not exist', async () => {
		const run = await playwriter('html', served.url, '--executable-path', '/nope');
		expect(run.code).toBe(1);
		expect(run.stderr).toMatch(/browser_not_found: .*\/nope/);
		expect(run.stdout).toBe('');
	});

	it('saves a screenshot of the size asked for', async () => {
		const out = join(dir, 'shot.png');
		const run = await playwriter(
			'screenshot',
			served.url,
			out,
			'--width',
			'320',
			'--height',
			'240',
			'--dark'
		);
		expect(run.code).toBe(0);
		expect(pngSize(await readFile(out))).toEqual({ width: 320, height: 240 });
	});
});
