// `npm test`: install what is missing, then typecheck, lint, unit tests, build, browser tests.
//
// The checks before the browser tests use about one core each, so they run in two lanes of about
// the same length side by side (ESLint beside formatting → typecheck → build → unit tests); each
// step's output is printed whole when it ends. The browser tests then run alone, so that nothing else competes
// with the browser.
import { spawn } from 'node:child_process';
import { ensureChromium, ensureDependencies, root, run } from './lib/setup.mjs';

const started = performance.now();
ensureDependencies();
ensureChromium();

/** Runs `npm run <script>` with its output kept until it ends; resolves to its seconds. */
function step(label, script) {
	const begun = performance.now();
	return new Promise((resolve) => {
		const child = spawn('npm', ['run', script], {
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' }
		});
		const output = [];
		child.stdout.on('data', (chunk) => output.push(chunk));
		child.stderr.on('data', (chunk) => output.push(chunk));
		child.on('close', (code, signal) => {
			const seconds = Number(((performance.now() - begun) / 1000).toFixed(1));
			console.log(`\n▶ ${label}: npm run ${script} (${seconds} s)`);
			process.stdout.write(Buffer.concat(output));
			if (code !== 0) {
				console.error(`\n✖ npm run ${script} failed (exit ${code ?? signal}) after ${seconds} s`);
				process.exit(code ?? 1);
			}
			resolve([label, seconds]);
		});
	});
}

async function lane(steps) {
	const timings = [];
	for (const [label, script] of steps) timings.push(await step(label, script));
	return timings;
}

const lanes = await Promise.all([
	lane([['lint', 'lint:code']]),
	lane([
		['formatting', 'lint:format'],
		['typecheck', 'check'],
		['build', 'build'],
		['unit tests', 'test:unit']
	])
]);
console.log('\n▶ browser tests: npm run test:e2e');
const timings = [...lanes.flat(), ['browser tests', run('npm', ['run', 'test:e2e'])]];

console.log('\nAll checks passed:');
for (const [label, seconds] of timings) console.log(`  ${label.padEnd(14)} ${seconds} s`);
console.log(`  ${'total'.padEnd(14)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
