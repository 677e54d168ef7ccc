// Playwriter's command (issue 17): `playwriter screenshot` of a small page this benchmark serves,
// cold (a new process starting its own Chromium each run) and with a Chromium kept running that
// each process reaches over `--ws`. Each run spawns `node bin/playwriter.mjs` after its build
// exists; `npx` adds its own start on top (the last figure). The default `networkidle` wait holds
// every screenshot ≥ 500 ms of quiet network; the `load` figure shows the rest.
// Run through `npm run bench -- --node-only playwriter`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDebuggingChromium } from '../../tools/playwriter/chromium.mjs';
import { servePage } from '../../tools/playwriter/testing/served_page.ts';
import { log, median, Report } from './kit.ts';

const RUNS = 5;
const root = process.cwd();
const bin = join(root, 'bin/playwriter.mjs');
const report = new Report('playwriter');

/** Wall-clock ms of one command (asynchronous: this process serves the page); throws on failure. */
function time(command: string, args: string[]): Promise<number> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.once('error', reject);
		child.once('close', (code) => {
			if (code === 0) resolve(performance.now() - started);
			else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
		});
	});
}

/** The median of RUNS runs, after one unrecorded run (the OS's file cache). */
async function medianRuns(command: string, args: string[]): Promise<number> {
	await time(command, args);
	const values: number[] = [];
	for (let i = 0; i < RUNS; i++) values.push(await time(command, args));
	log(`runs: ${values.map((v) => Math.round(v)).join(', ')} ms`);
	return median(values);
}

const served = await servePage();
const dir = mkdtempSync(join(tmpdir(), 'playwriter-bench-'));
const shot = (...flags: string[]) => [
	bin,
	'screenshot',
	served.url,
	join(dir, 'shot.png'),
	...flags
];
try {
	// Builds playwriter-build/ if tools/playwriter is newer than it: not part of any figure.
	log(`build check: ${Math.round(await time(process.execPath, [bin, '--help']))} ms`);
	await report.figure(
		'playwriter screenshot, cold (new process, new Chromium)',
		'ms',
		undefined,
		() => medianRuns(process.execPath, shot())
	);
	const chromium = await startDebuggingChromium();
	try {
		await report.figure('playwriter screenshot --ws (running Chromium)', 'ms', undefined, () =>
			medianRuns(process.execPath, shot('--ws', chromium.wsEndpoint))
		);
		await report.figure('playwriter screenshot --ws --wait-until load', 'ms', undefined, () =>
			medianRuns(process.execPath, shot('--ws', chromium.wsEndpoint, '--wait-until', 'load'))
		);
	} finally {
		await chromium.close();
	}
	await report.figure('playwriter --help (Node start + bin)', 'ms', undefined, () =>
		medianRuns(process.execPath, [bin, '--help'])
	);
	await report.figure('npx playwriter --help (npx start included)', 'ms', undefined, () =>
		medianRuns('npx', ['playwriter', '--help'])
	);
} finally {
	await served.close();
	rmSync(dir, { recursive: true, force: true });
}
report.finish();
