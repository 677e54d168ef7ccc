// `npm run bench [-- --peers] [--node-only] [name…]`: runs the benchmarks and prints every
// figure next to its goal (and, with --peers, next to the BEAM, nact and xstate).
// 1. bench/node/*.bench.ts: bundled with esbuild-wasm, each run in its own `node --expose-gc`.
// 2. bench/browser/: Playwright, unless --node-only (it writes its own results).
// 3. --peers: bench/peers/*.peer.ts the same way, and bench/peers/erlang/ on `erl +S 1`.
// Results go to bench/results/<name>.json; bench/README.md describes the format.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as esbuild from 'esbuild-wasm';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const withPeers = args.includes('--peers');
const nodeOnly = args.includes('--node-only');
const only = args.filter((a) => !a.startsWith('--'));
const resultsDir = join(root, 'bench/results');
const tmp = mkdtempSync(join(tmpdir(), 'superlearner-bench-'));
/** A run that takes longer than this is stopped: the figures it saved so far are kept. */
const BENCH_TIMEOUT_MS = 10 * 60_000;
const NODE_FLAGS = ['--expose-gc', '--max-old-space-size=8192'];

mkdirSync(resultsDir, { recursive: true });
const startedAt = Date.now();
const load = loadavg()[0];
if (load > cpus().length / 2)
	console.warn(`⚠ The load average is ${load.toFixed(1)}: other work will skew the figures.`);
try {
	const results = await runNodeBenches();
	const peers = withPeers ? await runPeers() : [];
	for (const result of results) mergePeers(result, peers);
	for (const result of results) writeJson(join(resultsDir, `${result.benchmark}.json`), result);
	if (peers.length)
		writeJson(join(resultsDir, 'peers.json'), { date: new Date().toISOString(), peers });
	const browser = nodeOnly ? [] : runBrowserBenches();
	console.log('');
	for (const result of [...results, ...browser]) printResult(result);
	if (peers.length && !results.some((r) => r.figures.length)) printPeers(peers);
	// Missed goals are news, not failures; a benchmark that could not run is a failure.
	if ([...results, ...peers].some((r) => r.error)) process.exitCode = 1;
} finally {
	rmSync(tmp, { recursive: true, force: true });
}

function list(dir, suffix) {
	const full = join(root, dir);
	if (!existsSync(full)) return [];
	return readdirSync(full)
		.filter((f) => f.endsWith(suffix))
		.map((f) => join(full, f));
}

/** Bundles one TypeScript entry for Node; returns the bundle's path, or throws esbuild's error. */
async function bundle(entry) {
	const outfile = join(tmp, basename(entry).replace(/\.ts$/, '.mjs'));
	await esbuild.build({
		entryPoints: [entry],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		alias: { $lib: join(root, 'src/lib') },
		// CommonJS dependencies (nact) require Node built-ins, which an ES module must provide.
		banner: {
			js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
		},
		logLevel: 'silent'
	});
	return outfile;
}

/** Bundles and runs one program; returns what it wrote, with `error` set if it failed. */
async function runProgram(entry, name) {
	const out = join(tmp, `${name}.json`);
	let error;
	try {
		const file = await bundle(entry);
		console.log(`\n▶ ${name}`);
		const run = spawnSync(process.execPath, [...NODE_FLAGS, file, out], {
			cwd: root,
			stdio: ['ignore', 'inherit', 'inherit'],
			timeout: BENCH_TIMEOUT_MS
		});
		if (run.status !== 0) error = `exited with ${run.status ?? run.signal}`;
	} catch (e) {
		error = `bundling failed: ${e.errors?.map((m) => m.text).join('; ') ?? e.message}`;
	}
	const result = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : { figures: [] };
	if (error) {
		console.error(`✖ ${name}: ${error}`);
		result.error = error;
	}
	return result;
}

async function runNodeBenches() {
	const results = [];
	for (const entry of list('bench/node', '.bench.ts')) {
		const name = basename(entry, '.bench.ts');
		if (only.length && !only.includes(name)) continue;
		const result = await runProgram(entry, name);
		results.push({ benchmark: name, date: new Date().toISOString(), ...result });
	}
	return results;
}

async function runPeers() {
	const beam = runBeam();
	const peers = beam ? [beam] : [];
	for (const entry of list('bench/peers', '.peer.ts')) {
		const name = basename(entry, '.peer.ts');
		const result = await runProgram(entry, `peer ${name}`);
		peers.push({ peer: name, ...result });
	}
	return peers;
}

/** Finds (or, as root, installs Debian's) Erlang; returns false to skip the BEAM. */
function ensureErlang() {
	const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
	if (has('erl') && has('erlc')) return true;
	if (process.getuid?.() !== 0) {
		console.error('⚠ Skipping the BEAM: erl is missing. Install it (Debian: erlang-base).');
		return false;
	}
	console.log('Installing Debian erlang-base (apt-get)…');
	const install =
		'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq erlang-base';
	const ok = spawnSync('sh', ['-c', install], { stdio: 'inherit' }).status === 0;
	if (!ok) console.error('⚠ Skipping the BEAM: installing erlang-base failed.');
	return ok && has('erl');
}

function runBeam() {
	if (!ensureErlang()) return undefined;
	console.log('\n▶ peer beam (erl +S 1)');
	const dir = join(tmp, 'erlang');
	mkdirSync(dir);
	const sources = list('bench/peers/erlang', '.erl');
	const compiled = spawnSync('erlc', ['-o', dir, ...sources], { stdio: 'inherit' });
	if (compiled.status !== 0) return { peer: 'beam', figures: [], error: 'erlc failed' };
	const run = spawnSync(
		'erl',
		['+S', '1', '+P', '2000000', '-noshell', '-pa', dir, '-s', 'beam_bench', 'main'],
		{ encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: BENCH_TIMEOUT_MS }
	);
	const line = run.stdout?.split('\n').findLast((l) => l.startsWith('{'));
	if (run.status !== 0 || !line)
		return { peer: 'beam', figures: [], error: `erl exited with ${run.status}` };
	return JSON.parse(line);
}

/** Copies each peer's value into `peers` of our figure of the same name (and unit). */
function mergePeers(result, peers) {
	for (const figure of result.figures) {
		for (const peer of peers) {
			const theirs = peer.figures.find((f) => f.name === figure.name && f.value != null);
			if (!theirs) continue;
			if (theirs.unit !== figure.unit) {
				console.error(
					`⚠ ${peer.peer} measures ${figure.name} in ${theirs.unit}, not ${figure.unit}`
				);
				continue;
			}
			(figure.peers ??= {})[peer.peer] = Number(theirs.value.toPrecision(4));
		}
	}
}

function runBrowserBenches() {
	const config = 'bench/browser/playwright.config.ts';
	if (!existsSync(join(root, config))) return [];
	if (buildIsStale()) {
		console.log('\n▶ npm run build');
		spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	}
	console.log(`\n▶ playwright test -c ${config}`);
	const run = spawnSync('npx', ['playwright', 'test', '-c', config], {
		cwd: root,
		stdio: 'inherit'
	});
	if (run.status !== 0) console.error(`✖ browser benchmarks exited with ${run.status}`);
	// The browser benchmarks write their own result files: show those this run wrote.
	return readdirSync(resultsDir)
		.filter((f) => f.endsWith('.json') && f !== 'peers.json')
		.map((f) => join(resultsDir, f))
		.filter((f) => statSync(f).mtimeMs >= startedAt)
		.map((f) => JSON.parse(readFileSync(f, 'utf8')))
		.filter(
			(r) =>
				r.benchmark &&
				!list('bench/node', '.bench.ts').some((e) => basename(e, '.bench.ts') === r.benchmark)
		);
}

function buildIsStale() {
	const built = join(root, 'build/index.html');
	if (!existsSync(built)) return true;
	return newest(join(root, 'src')) > statSync(built).mtimeMs;
}

function newest(dir) {
	let latest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
	}
	return latest;
}

function writeJson(path, value) {
	writeFileSync(path, JSON.stringify(value, null, '\t') + '\n');
}

/** Three significant digits, and no decimals from 100 up. */
function fmt(v) {
	if (v == null) return '—';
	if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
	return String(Number(v.toPrecision(3)));
}

function peerName(peer) {
	return peer === 'beam' ? 'BEAM' : peer;
}

/** "1.6× faster", "2.3× slower", "4.0× smaller": how our value compares with a peer's. */
function ratio(figure, theirs) {
	const higherIsBetter = figure.unit.endsWith('/s');
	const [better, worse] = figure.unit === 'B' ? ['smaller', 'larger'] : ['faster', 'slower'];
	const factor = higherIsBetter ? figure.value / theirs : theirs / figure.value;
	if (!Number.isFinite(factor) || factor <= 0) return '';
	const times = (x) => (x >= 10 ? Math.round(x) : x.toFixed(1));
	return factor >= 1 ? ` (${times(factor)}× ${better})` : ` (${times(1 / factor)}× ${worse})`;
}

function printResult(result) {
	const env = result.environment;
	const where = env ? `, node ${env.node}, ${env.cpus} × ${env.cpuModel}` : '';
	console.log(
		`${result.benchmark} (${result.date ?? '?'}${where})${result.error ? ` ✖ ${result.error}` : ''}`
	);
	for (const f of result.figures) {
		const mark = f.met === undefined ? ' ' : f.met ? '✓' : '✗';
		const value = `${fmt(f.value)} ${f.unit}`;
		const goal = f.goal ? `goal ${f.goal}` : '';
		console.log(
			`  ${mark} ${f.name.padEnd(38)} ${value.padEnd(22)} ${goal}${f.error ? `  (${f.error})` : ''}`
		);
		if (f.peers && f.value != null) {
			const cmp = Object.entries(f.peers).map(
				([p, v]) => `${peerName(p)} ${fmt(v)} ${f.unit}${ratio(f, v)}`
			);
			console.log(`      — ${cmp.join(', ')}`);
		}
	}
	console.log('');
}

function printPeers(peers) {
	console.log('peers (no result of ours to compare with)');
	const names = [...new Set(peers.flatMap((p) => p.figures.map((f) => f.name)))];
	for (const name of names) {
		const cells = peers.flatMap((p) => {
			const f = p.figures.find((x) => x.name === name);
			return f && f.value != null ? [`${peerName(p.peer)} ${fmt(f.value)} ${f.unit}`] : [];
		});
		console.log(`  ${name.padEnd(38)} ${cells.join(', ')}`);
	}
	for (const p of peers.filter((x) => x.error)) console.log(`  ✖ ${peerName(p.peer)}: ${p.error}`);
}
