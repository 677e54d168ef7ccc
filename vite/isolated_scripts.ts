/**
 * Scripts that run where nothing can be loaded by URL, served as text by virtual modules:
 *
 * - `virtual:sandbox-frame`: the sandbox frame's inline script (`src/workers/sandbox_frame.ts`)
 *   as `source`, with its CSP hash as `hash` (`'sha256-…'`), so the frame's policy allows that
 *   script and nothing else;
 * - `virtual:sandbox-worker-source`: the sandbox worker (`src/workers/sandbox.worker.ts`) as one
 *   self-contained classic script (dynamic imports inlined), which the frame starts from a
 *   `blob:` URL. An opaque-origin frame can load no chunk by URL, hence one file.
 *
 * Each is bundled by a nested Vite build (iife, minified) when first imported, and again after
 * a change to a file it was built from.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { build, type Plugin, type Rolldown } from 'vite';

interface Script {
	id: string;
	entry: string;
	module(code: string): string;
}

const SCRIPTS: Script[] = [
	{
		id: 'virtual:sandbox-frame',
		entry: 'src/workers/sandbox_frame.ts',
		module: (code) =>
			`export const source = ${JSON.stringify(code)};\n` +
			`export const hash = ${JSON.stringify(`sha256-${createHash('sha256').update(code).digest('base64')}`)};`
	},
	{
		id: 'virtual:sandbox-worker-source',
		entry: 'src/workers/sandbox.worker.ts',
		module: (code) => `export default ${JSON.stringify(code)};`
	}
];

/** Bundles `entry` into one minified classic script; also returns the files it was made of. */
export async function bundleClassicScript(
	root: string,
	entry: string
): Promise<{ code: string; files: string[] }> {
	const result = await build({
		configFile: false,
		logLevel: 'warn',
		root,
		resolve: { alias: { $lib: join(root, 'src/lib') } },
		build: {
			write: false,
			minify: true,
			target: 'es2022',
			copyPublicDir: false,
			lib: { entry: join(root, entry), formats: ['iife'], name: 'superlearnerIsolated' }
		}
	});
	const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
	const chunk = outputs.flatMap((o) => o.output).find((c) => c.type === 'chunk');
	if (!chunk || chunk.type !== 'chunk') throw new Error(`Bundling ${entry} produced no script.`);
	// The script ends in the frame's inline <script>: keep a closing tag out of it.
	return { code: chunk.code.replaceAll('</script', '<\\/script'), files: chunk.moduleIds };
}

export function isolatedScripts(root = process.cwd()): Plugin {
	const built = new Map<string, { module: string; files: Set<string> }>();
	return {
		name: 'superlearner-isolated-scripts',
		resolveId: (id) => (SCRIPTS.some((s) => s.id === id) ? `\0${id}` : undefined),
		async load(id) {
			const script = SCRIPTS.find((s) => `\0${s.id}` === id);
			if (!script) return;
			let entry = built.get(script.id);
			if (!entry) {
				const { code, files } = await bundleClassicScript(root, script.entry);
				entry = { module: script.module(code), files: new Set(files) };
				built.set(script.id, entry);
			}
			for (const file of entry.files) if (!file.startsWith('\0')) this.addWatchFile(file);
			return entry.module;
		},
		watchChange(changed) {
			for (const [id, entry] of built) if (entry.files.has(changed)) built.delete(id);
		}
	};
}
