// The command line's cold start (issue: `superlearner test` on a template, goal ≤ 2 s): each
// run is a new `node bin/superlearner.mjs` process on the counter template's folder, after the
// build exists (so no rebuild is timed): Node's start, the command's modules, esbuild's service
// (a child process compiling its wasm), the test build, a sandbox worker thread and the tests.
// Run through `npm run bench` (it bundles this file), or `npm run bench -- cli`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { counterTemplate } from '../../src/lib/sandbox/templates/counter.ts';
import { atMost, log, median, Report } from './kit.ts';

const RUNS = 5;
const root = process.cwd();
const bin = join(root, 'bin/superlearner.mjs');
const report = new Report('cli');

/** Wall-clock ms of one `superlearner …` process; throws when it fails. */
function time(args: string[], env: Record<string, string> = { SUPERLEARNER_NO_REBUILD: '1' }) {
	const started = performance.now();
	const run = spawnSync(process.execPath, [bin, ...args], {
		cwd: root,
		env: { ...process.env, NO_COLOR: '1', ...env },
		encoding: 'utf8'
	});
	const ms = performance.now() - started;
	if (run.status !== 0) {
		throw new Error(`superlearner ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
	}
	return ms;
}

/** The median of RUNS fresh processes, after one unrecorded run (the OS's file cache). */
function coldMedian(args: string[]): number {
	time(args);
	const values = Array.from({ length: RUNS }, () => time(args));
	log(`runs: ${values.map((v) => Math.round(v)).join(', ')} ms`);
	return median(values);
}

const dir = mkdtempSync(join(tmpdir(), 'superlearner-cli-bench-'));
try {
	for (const [path, text] of Object.entries(counterTemplate.files)) {
		writeFileSync(join(dir, path), text);
	}
	// Builds cli-build/ if src/ is newer than it: not part of any figure.
	log(`build check: ${Math.round(time(['--help'], {}))} ms`);
	await report.figure(
		'superlearner test, counter template, cold',
		'ms',
		atMost(2000, '≤ 2 s'),
		() => Promise.resolve(coldMedian(['test', dir, '--silent']))
	);
	await report.figure('superlearner --help (Node start + bin)', 'ms', undefined, () =>
		Promise.resolve(coldMedian(['--help']))
	);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
report.finish();
