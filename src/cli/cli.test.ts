import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterTemplate } from '$lib/sandbox/templates/counter';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(root, 'bin/superlearner.mjs');
/** Each command starts Node, esbuild and worker threads: seconds on a busy two-core machine. */
const SLOW = 60_000;

interface Ran {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** Runs the command; `until` sends SIGINT once stdout shows it. */
function superlearner(args: string[], opts: { env?: object; until?: RegExp } = {}): Promise<Ran> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [bin, ...args], {
			cwd: root,
			env: { ...process.env, NO_COLOR: '1', SUPERLEARNER_NO_REBUILD: '1', ...opts.env }
		});
		let stdout = '';
		let stderr = '';
		let signalled = false;
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			if (opts.until?.test(stdout) && !signalled) {
				signalled = true;
				child.kill('SIGINT');
			}
		});
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
}

let tmp: string;

/** A sandbox folder of `files` in the test's temporary folder. */
function folder(name: string, files: Record<string, string>): string {
	const dir = join(tmp, name);
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(dir, path)), { recursive: true });
		writeFileSync(join(dir, path), text);
	}
	return dir;
}

beforeAll(async () => {
	tmp = mkdtempSync(join(tmpdir(), 'superlearner-cli-'));
	// Builds cli-build/ when src/ is newer, once; the commands below use that build.
	const help = await superlearner(['--help'], { env: { SUPERLEARNER_NO_REBUILD: '' } });
	expect(help.code).toBe(0);
}, 180_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('superlearner test', () => {
	it(
		'passes the counter template’s tests with exit code 0',
		async () => {
			const { code, stdout } = await superlearner([
				'test',
				folder('counter', counterTemplate.files)
			]);
			expect(stdout).toMatch(/✓ counter\.test\.ts › Counter > starts at zero/);
			expect(stdout).toMatch(/Tests {2}\d+ passed/);
			expect(code).toBe(0);
		},
		SLOW
	);

	it(
		'exits 1 for a failing test and says why and where',
		async () => {
			const dir = folder('broken', {
				...counterTemplate.files,
				'counter.test.ts': `import { expect, test, setupIsolatedGenServer } from 'superlearner/test';
import { Counter } from './counter';

test('starts at one', async ({ node }) => {
	const { pid } = await setupIsolatedGenServer(node, Counter);
	expect(await node.call(pid, 'get')).toBe(1);
});
test('still runs after a failure', () => {});
`
			});
			const { code, stdout } = await superlearner(['test', dir]);
			expect(stdout).toMatch(/✗ counter\.test\.ts › starts at one/);
			expect(stdout).toMatch(/expected 0 to be 1/);
			expect(stdout).toMatch(/at counter\.test\.ts:6:\d+/);
			expect(stdout).toMatch(/✓ counter\.test\.ts › still runs after a failure/);
			expect(stdout).toMatch(/--seed \d+/);
			expect(code).toBe(1);
		},
		SLOW
	);

	it(
		'prints the run as JSON with --json',
		async () => {
			const dir = folder('json', counterTemplate.files);
			const { code, stdout } = await superlearner(['test', dir, '--json', '--seed', '7']);
			const result = JSON.parse(stdout) as { passed: number; failed: number; tests: unknown[] };
			expect(result).toMatchObject({ failed: 0, seed: 7 });
			expect(result.passed).toBeGreaterThan(0);
			expect(result.tests).toHaveLength(result.passed);
			expect(code).toBe(0);
		},
		SLOW
	);

	it(
		'prints a test file’s compile errors with their place, and runs nothing',
		async () => {
			const dir = folder('does-not-compile', {
				...counterTemplate.files,
				'counter.test.ts': `import { test } from 'superlearner/test';\ntest('x', () => { let n: number = ; });\n`
			});
			const { code, stdout, stderr } = await superlearner(['test', dir]);
			expect(stderr).toMatch(/counter\.test\.ts:2:\d+: error:/);
			expect(stderr).toMatch(/no test ran/);
			expect(stdout).not.toMatch(/✓|✗/);
			expect(code).toBe(1);
		},
		SLOW
	);

	it(
		'is a usage error (exit 2) on a folder without main.ts',
		async () => {
			const dir = folder('no-main', { 'counter.ts': counterTemplate.files['counter.ts'] });
			const { code, stderr } = await superlearner(['test', dir]);
			expect(stderr).toMatch(/has no main\.ts/);
			expect(code).toBe(2);
		},
		SLOW
	);
});

describe('superlearner run', () => {
	it(
		'prints the program’s console with pids, and stops in order on Ctrl-C',
		async () => {
			const dir = folder('run', counterTemplate.files);
			const { code, stdout } = await superlearner(['run', dir], { until: /count is 1/ });
			expect(stdout).toMatch(/\[<1\.\d+\.0>\] count is 1/);
			expect(stdout).toMatch(/Ctrl-C: stopping the root supervisor/);
			expect(stdout).toMatch(/stopped: every process shut down in order/);
			expect(code).toBe(0);
		},
		SLOW
	);
});

describe('superlearner api', () => {
	it(
		'prints the JSON answer of a REST request to a headless system node',
		async () => {
			const { code, stdout } = await superlearner(['api', 'GET', '/api/v1/system/health']);
			const body = JSON.parse(stdout) as { data: { status: string; processes: number } };
			expect(body.data.status).toBe('ok');
			expect(body.data.processes).toBeGreaterThan(0);
			expect(code).toBe(0);
		},
		SLOW
	);

	it(
		'exits 1 with the error body for an answer that is not 2xx',
		async () => {
			const { code, stdout } = await superlearner(['api', 'GET', '/no/such/route']);
			expect(JSON.parse(stdout)).toMatchObject({ error: { code: 'not_found' } });
			expect(code).toBe(1);
		},
		SLOW
	);
});

describe('superlearner experiment', () => {
	/** An experiment file of the counter template with `scenario`, in the temporary folder. */
	function experimentFile(name: string, scenario: unknown[]): string {
		const file = join(tmp, `${name}.experiment.json`);
		const { files, entry } = counterTemplate;
		writeFileSync(file, JSON.stringify({ version: 1, title: name, files, entry, scenario }));
		return file;
	}

	it(
		'prints each step with its restarts, a failed one with why, and the same on a replay',
		async () => {
			const file = experimentFile('kill the counter', [
				{ kind: 'kill', target: { path: ['counter'] } },
				{ kind: 'wait', ms: 1500 },
				{ kind: 'assert', check: 'restarted', target: { path: ['counter'] } },
				{ kind: 'call', target: { path: ['counter'] }, message: 'get' },
				{ kind: 'kill', target: { pid: '<0.999.0>' } }
			]);
			const { code, stdout, stderr } = await superlearner(['experiment', file]);
			expect(stderr).toBe('');
			expect(stdout).toMatch(/kill the counter \(virtual clock, seed 1\)/);
			expect(stdout).toMatch(
				/0 ms ✓ kill counter\n {12}→ .*\n {12}↻ counter restarted by <0\.\d+\.0>: <0\.\d+\.0> → <0\.\d+\.0> \(killed\)/
			);
			expect(stdout).toMatch(/1500 ms ✓ call "get" to counter\n {12}→ .*"reply":1\}\n/);
			expect(stdout).toMatch(/✗ kill <0\.999\.0>\n {12}noproc: /);
			expect(stdout).toMatch(
				/5 steps · 1 failed · 1 restart · checks 1 passed, 0 failed · 1500 ms/
			);
			expect(code).toBe(1);
			const first = await superlearner(['experiment', file, '--json']);
			const second = await superlearner(['experiment', file, '--json']);
			expect(JSON.parse(first.stdout)).toMatchObject({ ok: false, restarts: 1 });
			expect(second.stdout).toBe(first.stdout);
		},
		SLOW
	);

	it(
		'is a usage error (exit 2) for a file that is not an experiment, naming its wrong field',
		async () => {
			const file = experimentFile('bad', [{ kind: 'wait', ms: 'soon' }]);
			const { code, stderr } = await superlearner(['experiment', file]);
			expect(stderr).toMatch(/This file is not an experiment\. scenario\[0\]\.ms: /);
			expect(code).toBe(2);
		},
		SLOW
	);
});
