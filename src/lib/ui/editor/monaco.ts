/**
 * Monaco, loaded on demand from our own origin with its slim entry points (only the TypeScript
 * language and its worker; TOOLCHAIN.md §6), set up for sandbox code: strict TypeScript with the
 * runtime's declarations as the `superlearner` package.
 *
 * ```ts
 * const monaco = await loadMonaco((done, total) => (progress = done / total));
 * ```
 */
import type * as Editor from 'monaco-editor/editor';
import type * as TypeScript from 'monaco-editor/languages/features/typescript/register';
import { SANDBOX_GLOBALS_DTS, SANDBOX_LIB } from '$lib/sandbox/globals';

export interface Monaco {
	editor: typeof Editor.editor;
	Uri: typeof Editor.Uri;
	KeyMod: typeof Editor.KeyMod;
	KeyCode: typeof Editor.KeyCode;
	MarkerSeverity: typeof Editor.MarkerSeverity;
	typescript: typeof TypeScript;
}

/** Where the sandbox's files live for monaco: `file:///src/<path>`. */
export const SOURCE_ROOT = 'file:///src/';
const PACKAGE_ROOT = 'file:///node_modules/superlearner/';

let loading: Promise<Monaco> | null = null;

/** Loads monaco once; `onprogress` hears each of the parts arrive. A failed load is retried. */
export function loadMonaco(onprogress?: (done: number, total: number) => void): Promise<Monaco> {
	loading ??= load(onprogress).catch((error: unknown) => {
		loading = null;
		throw error;
	});
	return loading;
}

async function load(onprogress?: (done: number, total: number) => void): Promise<Monaco> {
	const parts = [
		import('monaco-editor/editor'),
		import('monaco-editor/features/register.all'),
		import('monaco-editor/languages/definitions/typescript/register'),
		import('monaco-editor/languages/features/typescript/register'),
		import('monaco-editor/editor/editor.worker?worker'),
		import('monaco-editor/language/typescript/ts.worker?worker'),
		import('virtual:superlearner-dts')
	] as const;
	let done = 0;
	onprogress?.(0, parts.length);
	for (const part of parts) void part.then(() => onprogress?.(++done, parts.length));
	const [api, , , typescript, editorWorker, tsWorker, dts] = await Promise.all(parts);

	self.MonacoEnvironment = {
		getWorker: (_id, label) =>
			label === 'typescript' || label === 'javascript'
				? new tsWorker.default()
				: new editorWorker.default()
	};
	const ts = typescript.typescriptDefaults;
	ts.setCompilerOptions({
		strict: true,
		target: typescript.ScriptTarget.ES2020,
		module: typescript.ModuleKind.ESNext,
		moduleResolution: typescript.ModuleResolutionKind.NodeJs,
		allowNonTsExtensions: true,
		noEmit: true,
		// A sandbox's worker has no DOM: its globals are declared by SANDBOX_GLOBALS_DTS.
		lib: SANDBOX_LIB
	});
	ts.setExtraLibs([
		...Object.entries(dts.default).map(([path, content]) => ({
			content,
			filePath: PACKAGE_ROOT + path
		})),
		{ content: SANDBOX_GLOBALS_DTS, filePath: 'file:///sandbox-globals.d.ts' }
	]);
	// Imports between the sandbox's files resolve only when every file is known to the worker:
	// a file is checked once an editor shows it, and the editor shows one once all are synced
	// (syncFiles). Checked as it was created, a file importing one not yet synced would be
	// marked "Cannot find module" until its next edit.
	ts.setEagerModelSync(true);
	ts.setDiagnosticsOptions({ ...ts.getDiagnosticsOptions(), onlyVisible: true });
	return {
		editor: api.editor,
		Uri: api.Uri,
		KeyMod: api.KeyMod,
		KeyCode: api.KeyCode,
		MarkerSeverity: api.MarkerSeverity,
		typescript
	};
}

/**
 * TypeScript's worker, once its language has loaded: it starts loading with the first
 * TypeScript model, and rejects with "TypeScript not registered!" until then (TOOLCHAIN.md §6).
 */
async function typeScriptWorker(monaco: Monaco) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await monaco.typescript.getTypeScriptWorker();
		} catch (error) {
			if (attempt === 100) throw error;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}
}

/** Gives TypeScript's worker every one of `uris` (models), before any of them is checked. */
export async function syncFiles(monaco: Monaco, uris: Editor.Uri[]): Promise<void> {
	await (
		await typeScriptWorker(monaco)
	)(...uris);
}

/** Resolves once TypeScript has checked `uri` (the editor's own check of it is then done). */
export async function typeChecked(monaco: Monaco, uri: Editor.Uri): Promise<void> {
	const worker = await (await typeScriptWorker(monaco))(uri);
	await Promise.all([
		worker.getSyntacticDiagnostics(uri.toString()),
		worker.getSemanticDiagnostics(uri.toString())
	]);
}
