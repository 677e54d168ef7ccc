// `npm run size`: gzip sizes (level 6) of the JS that `/` loads and of the lazy chunks, from
// build/. Writes bench/results/size.json. First-load JS = the scripts and modulepreloads in
// build/index.html, plus the root layout, root error and `/` page nodes kit loads at start, plus
// everything those import statically. The runtime worker also starts with `/`, off the main
// thread: it is listed on its own line and in the total.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const build = join(root, 'build');
const kit = join(root, '.svelte-kit');
const FIRST_LOAD_GOAL_KB = 80;

if (!existsSync(join(build, 'index.html'))) {
	console.error('No build/index.html: run `npm run build` first.');
	process.exit(1);
}

const cache = new Map();
/** Raw and gzip size of a file under build/. */
function size(file) {
	if (!cache.has(file)) {
		const bytes = readFileSync(join(build, file));
		cache.set(file, { raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length });
	}
	return cache.get(file);
}

/** Static imports (`import … from "x"`, `import "x"`, `export … from "x"`), and dynamic ones. */
function imports(file) {
	const code = readFileSync(join(build, file), 'utf8');
	const resolve = (spec) => posix.normalize(posix.join(posix.dirname(file), spec));
	const relativeOnly = (m) => m[1].startsWith('.');
	const statics = [
		...code.matchAll(
			/(?:^|[;}\s])(?:import|export)\s*(?:[^"'`;()]*?\bfrom\s*)?["'`]([^"'`]+\.js)["'`]/g
		)
	];
	const dynamics = [...code.matchAll(/\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g)];
	return {
		static: statics.filter(relativeOnly).map((m) => resolve(m[1])),
		dynamic: dynamics.filter(relativeOnly).map((m) => resolve(m[1]))
	};
}

/** `roots` and what they import: statically only, or dynamically too. */
function closure(roots, { dynamic = false } = {}) {
	const seen = new Set();
	const visit = (file) => {
		if (seen.has(file)) return;
		seen.add(file);
		const found = imports(file);
		for (const next of [...found.static, ...(dynamic ? found.dynamic : [])]) visit(next);
	};
	roots.forEach(visit);
	return seen;
}

/** The build/ path of the kit node whose component is `component` (e.g. src/routes/+page.svelte). */
function kitNode(component) {
	const nodesDir = join(kit, 'generated/client-optimized/nodes');
	const manifest = JSON.parse(readFileSync(join(kit, 'output/client/.vite/manifest.json'), 'utf8'));
	for (const name of readdirSync(nodesDir)) {
		const source = readFileSync(join(nodesDir, name), 'utf8');
		if (!source.includes(`/${component}"`)) continue;
		return manifest[relative(root, join(nodesDir, name))].file;
	}
	throw new Error(`No kit node renders ${component}; is the build current?`);
}

function filesUnder(dir, ext) {
	return readdirSync(join(build, dir), { recursive: true, withFileTypes: true })
		.filter((e) => e.isFile() && e.name.endsWith(ext))
		.map((e) => relative(build, join(e.parentPath, e.name)));
}

const html = readFileSync(join(build, 'index.html'), 'utf8');
const fromHtml = [
	...html.matchAll(/<link[^>]+href="\/([^"]+\.js)"[^>]*rel="modulepreload"/g),
	...html.matchAll(/<script[^>]+src="\/([^"]+\.js)"/g),
	...html.matchAll(/import\("\/([^"]+\.js)"\)/g)
].map((m) => m[1]);
const firstLoad = closure([
	...fromHtml,
	kitNode('src/routes/+layout.svelte'),
	kitNode('src/routes/+error.svelte'),
	kitNode('src/routes/+page.svelte')
]);

const allJs = filesUnder('_app', '.js');
const workerEntry = (name) => allJs.filter((f) => posix.basename(f).startsWith(`${name}.worker-`));
const counted = new Set(firstLoad);
const group = (label, files) => {
	const list = [...files].filter((f) => !counted.has(f));
	list.forEach((f) => counted.add(f));
	return { label, files: list };
};
const manifest = JSON.parse(readFileSync(join(kit, 'output/client/.vite/manifest.json'), 'utf8'));
const fromPackage = (pkg) =>
	Object.values(manifest)
		.filter((e) => e.src?.includes(`node_modules/${pkg}/`))
		.map((e) => e.file);

const groups = [
	{ label: 'first load of /', files: [...firstLoad] },
	group('runtime worker (starts with /)', closure(workerEntry('runtime'), { dynamic: true })),
	group('compiler worker + esbuild-wasm JS', closure(workerEntry('compiler'), { dynamic: true })),
	{ label: 'esbuild.wasm', files: filesUnder('_app', '.wasm') },
	group('editor (monaco)', closure(fromPackage('monaco-editor'), { dynamic: true })),
	group('tree (cytoscape)', closure(fromPackage('cytoscape'), { dynamic: true }))
];
groups.push(group('other lazy chunks (routes…)', allJs));

const kb = (bytes) => bytes / 1000;
const rows = groups.map(({ label, files }) => {
	const total = files.map(size).reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), {
		raw: 0,
		gzip: 0
	});
	return { label, count: files.length, ...total };
});

console.log(
	`${'group'.padEnd(36)} ${'files'.padStart(5)} ${'raw kB'.padStart(10)} ${'gzip kB'.padStart(10)}`
);
for (const r of rows) {
	const cells = r.count === 0 ? ['—', '—'] : [kb(r.raw).toFixed(1), kb(r.gzip).toFixed(1)];
	console.log(
		`${r.label.padEnd(36)} ${String(r.count).padStart(5)} ${cells[0].padStart(10)} ${cells[1].padStart(10)}`
	);
}

const [first, runtimeWorker] = rows;
const met = kb(first.gzip) <= FIRST_LOAD_GOAL_KB;
console.log(
	`\nFirst-load JS for /: ${kb(first.gzip).toFixed(1)} kB gzip ${met ? '✓' : '✗'} (goal ≤ ${FIRST_LOAD_GOAL_KB} kB)` +
		`; with the runtime worker ${kb(first.gzip + runtimeWorker.gzip).toFixed(1)} kB`
);

const figures = rows
	.filter((r) => r.count > 0)
	.map((r, i) => ({
		name: `${r.label} (gzip)`,
		value: Number(kb(r.gzip).toFixed(1)),
		unit: 'kB',
		...(i === 0 && { goal: `≤ ${FIRST_LOAD_GOAL_KB} kB`, met }),
		files: r.count
	}));
const results = join(root, 'bench/results');
mkdirSync(results, { recursive: true });
const result = {
	benchmark: 'size',
	date: new Date().toISOString(),
	environment: {
		node: process.version,
		cpus: cpus().length,
		browser: 'n/a (static build analysis)'
	},
	figures
};
writeFileSync(join(results, 'size.json'), JSON.stringify(result, null, '\t') + '\n');
console.log(`Wrote ${relative(root, join(results, 'size.json'))}`);
if (!met) process.exitCode = 1;
