// Part of `npm run lint`: fails when the folders of src/ import each other in a circle (types
// included: a type circle still ties two layers together). Folders are the layers of
// eslint.config.js: lib/<name>, and lib/sandbox/<name> for the sandbox's threads. Tests are left
// out: a test may reach across layers to set up what it checks.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { root } from './lib/setup.mjs';

const src = join(root, 'src');
const IMPORT = /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The layer a file of src/ belongs to. */
function layerOf(file) {
	const parts = relative(src, file).split('/');
	if (parts[0] !== 'lib') return parts.length > 1 ? parts[0] : 'src';
	if (parts[1] === 'sandbox' && parts.length > 3) return `lib/sandbox/${parts[2]}`;
	return parts.length > 2 ? `lib/${parts[1]}` : 'lib';
}

function* sourceFiles(dir) {
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) yield* sourceFiles(path);
		else if (/\.(ts|svelte)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) yield path;
	}
}

/** layer → layer → the files that make the edge. */
const edges = new Map();
for (const file of sourceFiles(src)) {
	for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
		const spec = match[1] ?? match[2];
		let target;
		if (spec.startsWith('$lib/')) target = join(src, 'lib', spec.slice(5));
		else if (spec.startsWith('.')) target = normalize(join(dirname(file), spec));
		else continue;
		const [from, to] = [layerOf(file), layerOf(target)];
		if (from === to) continue;
		if (!edges.has(from)) edges.set(from, new Map());
		const files = edges.get(from).get(to) ?? new Set();
		files.add(relative(root, file));
		edges.get(from).set(to, files);
	}
}

// Tarjan's strongly connected components: each one of more than a layer is a circle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const circles = [];
function visit(v) {
	index.set(v, counter);
	low.set(v, counter++);
	stack.push(v);
	for (const w of edges.get(v)?.keys() ?? []) {
		if (!index.has(w)) {
			visit(w);
			low.set(v, Math.min(low.get(v), low.get(w)));
		} else if (stack.includes(w)) low.set(v, Math.min(low.get(v), index.get(w)));
	}
	if (low.get(v) !== index.get(v)) return;
	const component = [];
	let w;
	do {
		w = stack.pop();
		component.push(w);
	} while (w !== v);
	if (component.length > 1) circles.push(component);
}
for (const v of edges.keys()) if (!index.has(v)) visit(v);

if (circles.length === 0) {
	console.log(`Layers: ${edges.size} folders import each other without a circle.`);
} else {
	console.error('Folders import each other in a circle:');
	for (const circle of circles) {
		console.error(`\n  ${circle.join(' ↔ ')}`);
		for (const from of circle) {
			for (const [to, files] of edges.get(from) ?? []) {
				if (circle.includes(to)) console.error(`    ${from} → ${to}: ${[...files].join(', ')}`);
			}
		}
	}
	process.exit(1);
}
