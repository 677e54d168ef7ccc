/**
 * One sandbox open in the editor: its files (autosaved on every edit), the runtime's view of it,
 * and the learner's actions on it. A fresh tab's runtime has no sandboxes, so opening one that
 * is only saved creates it again from the saved files, not running: code is never lost. One tab
 * edits a sandbox at a time (SandboxClaim): another says so, and offers to take over or copy.
 */
import { errorCode } from '$lib/arsenal/client';
import { Autosaver, type SandboxStore, type SavedScenario } from '$lib/app/autosave';
import { offlineReadiness } from '$lib/app/offline.svelte';
import { SandboxClaim } from '$lib/app/sandbox_claim';
import type { Diagnostic } from '$lib/sandbox/compiler/diagnostics';
import { compilerMissing } from '$lib/sandbox/compiler/unavailable';
import { Action } from '$lib/ui/action.svelte';
import { diagnosticsOf } from '$lib/ui/editor/markers';
import {
	freeId,
	type FileVersions,
	type SandboxClient,
	type ExperimentRun,
	type SandboxDetail,
	type TestRun
} from '$lib/app/sandbox_client';
import { isTestFile } from './tests';

export class SandboxSession {
	readonly id: string;
	phase = $state<'loading' | 'ready' | 'missing' | 'error' | 'elsewhere'>('loading');
	/** While `elsewhere`: whether another tab had it open first, or took it over from this one. */
	elsewhere = $state<'open' | 'taken'>('open');
	/** Whether a run (compile and start) is under way: the page shows its steps. */
	starting = $state(false);
	loadError = $state<string | null>(null);
	files = $state<Record<string, string>>({});
	entry = $state('main.ts');
	active = $state('main.ts');
	info = $state.raw<SandboxDetail | null>(null);
	/** The last build's problems, from a failed run or reload (or the runtime's last build). */
	diagnostics = $state.raw<Diagnostic[]>([]);
	versions = $state.raw<FileVersions[]>([]);
	/** The last run of the tests, and whether one is under way. */
	tests = $state.raw<TestRun | null>(null);
	testing = $state(false);
	/** The last play of the scenario, whether one is under way, and why the last could not play. */
	played = $state.raw<ExperimentRun | null>(null);
	playing = $state(false);
	playError = $state<string | null>(null);
	saved = $state<'saved' | 'pending' | 'failed'>('saved');
	saveError = $state<string | null>(null);
	/**
	 * The files whose editor text differs from the version running: a rollback would replace
	 * those edits, so the page asks first.
	 */
	readonly edited: readonly string[] = $derived.by(() => {
		const running = this.info?.files ?? {};
		return Object.keys(this.files).filter((p) => p in running && running[p] !== this.files[p]);
	});
	readonly action = new Action();
	readonly #client: SandboxClient;
	readonly #store: SandboxStore;
	readonly #saver: Autosaver;
	readonly #claim: SandboxClaim;

	constructor(id: string, client: SandboxClient, store: SandboxStore) {
		this.id = id;
		this.#client = client;
		this.#store = store;
		this.#claim = new SandboxClaim(id, () => this.#lost());
		this.#saver = new Autosaver(store, id, {
			onsaved: (error) => {
				if (this.#saver.pending) return;
				this.saved = error === null ? 'saved' : 'failed';
				this.saveError = error === null ? null : describe(error);
			}
		});
	}

	get running(): boolean {
		return this.info?.status === 'running';
	}

	/**
	 * Finds the sandbox in the runtime, or creates it again from what was saved; unless another
	 * tab has it open (`elsewhere`).
	 */
	async load(): Promise<void> {
		this.phase = 'loading';
		this.loadError = null;
		try {
			if (!(await this.#claim.acquire())) {
				this.elsewhere = 'open';
				this.phase = 'elsewhere';
				return;
			}
			// A tab closed (or a reload) within the autosave delay left newer files in the stash.
			const saved = this.#saver.recover(await this.#store.load(this.id).catch(() => null));
			let info = await this.#client.get(this.id).catch((error: unknown) => {
				if (errorCode(error) === 'not_found') return null;
				throw error;
			});
			if (!info && !saved) {
				this.phase = 'missing';
				return;
			}
			// What was typed last is in the store: it wins over the runtime's copy.
			const files = saved?.files ?? info!.files;
			const entry = saved?.entry ?? info!.entry;
			info ??= await this.#client.create(this.id, files, entry, false);
			this.files = files;
			this.entry = entry;
			this.active = entry in files ? entry : (Object.keys(files)[0] ?? entry);
			this.#setInfo(info);
			if (!saved) this.#saver.schedule(files, entry);
			if (this.#saver.pending) this.saved = 'pending';
			this.phase = 'ready';
			void this.readVersions();
		} catch (error) {
			this.loadError = describe(error);
			this.phase = 'error';
		}
	}

	/** The learner typed: keep it, and save it shortly. */
	edit(path: string, text: string): void {
		if (this.files[path] === text) return;
		this.files[path] = text;
		this.#autosave();
	}

	/** Takes the sandbox over from the tab that has it open, and opens it here. */
	async takeOver(): Promise<void> {
		this.phase = 'loading';
		await this.#claim.steal();
		await this.load();
	}

	/**
	 * Saves a copy of the sandbox's latest files under a free id (`<id>-copy`…), to edit here
	 * while another tab keeps the original; the copy's id.
	 */
	async saveCopy(): Promise<string> {
		const [saved, live] = await Promise.all([
			this.#store.list().catch(() => []),
			this.#client.list().catch(() => [])
		]);
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local index
		const taken = new Set([...saved, ...live].map((s) => s.id));
		const id = freeId(`${this.id}-copy`, taken);
		const latest = this.#saver.newest(await this.#store.load(this.id).catch(() => null));
		const files = latest?.files ?? this.files;
		await this.#store.save(id, files, latest?.entry ?? this.entry);
		const scenario = await this.#store.loadScenario(this.id).catch(() => null);
		if (scenario) await this.#store.saveScenario(id, scenario);
		return id;
	}

	/** Compiles and starts the program afresh (the files are saved first). */
	run(): Promise<boolean> {
		this.starting = true;
		return this.action
			.run(async () => {
				// Offline, a compiler not downloaded yet cannot be: say so rather than try.
				if (!navigator.onLine && offlineReadiness.has('compiler') === false) {
					throw compilerMissing('offline', false);
				}
				await this.#flush();
				try {
					const info = await this.#client.restart(this.id, { ...this.files }, this.entry);
					this.#setInfo(info);
					this.diagnostics = [];
					void this.readVersions();
					// Not a process count: the answer comes before the worker's first snapshot of
					// its processes (the toolbar counts them live).
					return info.root
						? `Running ${this.entry}: its root is ${info.root}.`
						: `Running ${this.entry}.`;
				} catch (error) {
					this.#failedBuild(error);
					throw error;
				}
			})
			.finally(() => (this.starting = false));
	}

	/**
	 * Runs the `*.test.ts` files in a fresh worker (the files are saved first); the running
	 * program is untouched.
	 */
	test(): Promise<boolean> {
		this.testing = true;
		return this.action
			.run(async () => {
				await this.#flush();
				try {
					const result = await this.#client.test(this.id, { ...this.files });
					this.tests = result;
					// The tests built: their files have no build errors. The program's stay until a Run.
					this.diagnostics = this.diagnostics.filter((d) => !isTestFile(d.file));
					const files = Object.keys(this.files).filter(isTestFile).join(', ');
					return `Ran ${files} in a fresh worker: the running program was untouched.`;
				} catch (error) {
					// The last run's results and marks are not this run's: they go.
					this.tests = null;
					this.#failedBuild(error);
					throw error;
				}
			})
			.finally(() => (this.testing = false));
	}

	/**
	 * Plays a scenario: the files are saved, the program starts afresh from them on the clock and
	 * seed given, and the steps play against it.
	 */
	async play({ scenario, clock, seed }: SavedScenario): Promise<void> {
		this.playing = true;
		this.playError = null;
		try {
			await this.#flush();
			await this.#client.update(this.id, { ...this.files }, this.entry);
			this.played = await this.#client.runExperiment(this.id, scenario, { clock, seed });
			this.diagnostics = [];
		} catch (error) {
			this.#failedBuild(error);
			this.playError = describe(error);
		} finally {
			this.playing = false;
			await this.refresh();
			void this.readVersions();
		}
	}

	/** Saves now; while running, also hot-reloads the file shown (a test file is only saved). */
	save(): Promise<boolean> {
		return this.action.run(async () => {
			await this.#flush();
			if (!this.running || isTestFile(this.active)) {
				await this.#client.update(this.id, { ...this.files }, this.entry);
				return isTestFile(this.active)
					? 'Saved. Test (Ctrl/Cmd+Shift+Enter) to run the tests.'
					: 'Saved. Run (Ctrl/Cmd+Enter) to start it.';
			}
			if (!(this.active in (this.info?.files ?? {}))) {
				return `Saved. ${this.active} is new: Run to load it.`;
			}
			return this.#reloaded(() =>
				this.#client.hotReload(this.id, this.active, this.files[this.active])
			);
		});
	}

	/** Loads a kept version of `module`, and shows its code (the page asks first if edited). */
	rollback(module: string, version: number): Promise<boolean> {
		return this.action.run(async () => {
			const before = this.files[module];
			const message = await this.#reloaded(() => this.#client.rollback(this.id, module, version));
			const info = await this.#client.get(this.id);
			this.#setInfo(info);
			const source = info.files[module];
			// Text typed while rolling back stays: nothing typed is lost.
			if (source !== undefined && this.files[module] === before) {
				this.files[module] = source;
				this.#autosave();
			}
			return message;
		});
	}

	stop(): Promise<boolean> {
		return this.action.run(async () => {
			this.#setInfo(await this.#client.stop(this.id));
			return 'Stopped.';
		});
	}

	/** Destroys the sandbox and forgets its saved files; true when done. */
	destroy(): Promise<boolean> {
		return this.action.run(async () => {
			await this.#client.destroy(this.id).catch((error: unknown) => {
				if (errorCode(error) !== 'not_found') throw error;
			});
			// A save under way would write the files back after `remove`: wait for it, stop saving.
			await this.#saver.close();
			await this.#store.remove(this.id);
			return 'Destroyed.';
		});
	}

	/** Reads the runtime's view again (status, root, stats); quiet on failure. */
	async refresh(): Promise<void> {
		try {
			this.#setInfo(await this.#client.get(this.id));
		} catch {
			// The next refresh tries again; the page keeps what it showed.
		}
	}

	async readVersions(): Promise<void> {
		try {
			this.versions = await this.#client.versions(this.id);
		} catch {
			this.versions = [];
		}
	}

	/** Adds an empty file (a module to import from the others) and shows it. */
	addFile(path: string): void {
		this.files[path] = `import { GenServer } from 'superlearner';\n\n`;
		this.active = path;
		this.#autosave();
	}

	renameFile(from: string, to: string): void {
		const { [from]: text, ...rest } = this.files;
		this.files = { ...rest, [to]: text };
		if (this.entry === from) this.entry = to;
		if (this.active === from) this.active = to;
		this.#autosave();
	}

	deleteFile(path: string): void {
		if (path === this.entry) return;
		const { [path]: _gone, ...rest } = this.files;
		this.files = rest;
		if (this.active === path) this.active = this.entry;
		this.#autosave();
	}

	/** The page is hidden or left: start writing unsaved files (they are stashed already). */
	hide(): void {
		void this.#flush();
	}

	dispose(): void {
		void this.#flush()
			.catch(() => {})
			.finally(() => this.#claim.release());
	}

	/** Another tab took the sandbox over: stop saving here (its edits are in the stash for it). */
	#lost(): void {
		this.#saver.cancel();
		this.elsewhere = 'taken';
		this.phase = 'elsewhere';
	}

	async #reloaded(reload: () => Promise<{ module: string; vsn: string; processes: string[] }>) {
		try {
			const result = await reload();
			this.diagnostics = [];
			void this.readVersions();
			void this.refresh(); // the running files, which `edited` compares with
			const kept = result.processes.length;
			return `${result.module} is now ${result.vsn}: ${kept} process${kept === 1 ? '' : 'es'} kept ${kept === 1 ? 'its' : 'their'} state.`;
		} catch (error) {
			this.#failedBuild(error);
			throw error;
		}
	}

	#failedBuild(error: unknown): void {
		if (errorCode(error) !== 'compile_failed') return;
		this.diagnostics = diagnosticsOf((error as { details?: unknown }).details);
		const first = this.diagnostics[0];
		if (first && first.file in this.files) this.active = first.file;
	}

	#setInfo(info: SandboxDetail): void {
		this.info = info;
		if (info.status === 'failed' && info.diagnostics.length) this.diagnostics = info.diagnostics;
	}

	#autosave(): void {
		this.saved = 'pending';
		this.#saver.schedule({ ...this.files }, this.entry);
	}

	async #flush(): Promise<void> {
		if (!this.#saver.pending) return;
		try {
			await this.#saver.flush();
		} catch (error) {
			// Running unsaved code is still better than not running it; the page says it is unsaved.
			console.warn('Autosave failed:', error);
		}
	}
}

function describe(error: unknown): string {
	const code = errorCode(error);
	const message = error instanceof Error ? error.message : String(error);
	return code ? `${message} (${code})` : message;
}
