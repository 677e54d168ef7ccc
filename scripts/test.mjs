// `npm test`: install what is missing, then typecheck, lint, unit tests, build, browser tests.
import { ensureChromium, ensureDependencies, run } from './lib/setup.mjs';

const started = performance.now();
ensureDependencies();
ensureChromium();

const steps = [
	['typecheck', ['run', 'check']],
	['lint', ['run', 'lint']],
	['unit tests', ['run', 'test:unit']],
	['build', ['run', 'build']],
	['browser tests', ['run', 'test:e2e']]
];
const timings = [];
for (const [label, args] of steps) {
	console.log(`\n▶ ${label}: npm ${args.join(' ')}`);
	timings.push([label, run('npm', args)]);
}
console.log('\nAll checks passed:');
for (const [label, seconds] of timings) console.log(`  ${label.padEnd(14)} ${seconds} s`);
console.log(`  ${'total'.padEnd(14)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
