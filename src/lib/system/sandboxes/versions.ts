/**
 * The ModuleVersionManager: each sandbox file's loaded versions, newest last, the last ten kept
 * with the time they were loaded, and which one runs. Hot reload adds a version; rollback makes
 * an older one current again (it stays where it is in the history, so the history reads as
 * what was written, not what ran last).
 *
 * ```ts
 * const versions = new ModuleVersions(() => Date.now());
 * versions.add('counter.ts', src1);        // v1, current
 * versions.add('counter.ts', src2);        // v2, current; v1 kept
 * versions.get('counter.ts', 1)?.source;  // v1, to load again; then versions.setCurrent('counter.ts', 1)
 * ```
 */

export interface ModuleVersion {
	/** 1, 2, 3… per file, never reused. */
	version: number;
	/** What codeChange sees as the old version: `'v1'`, `'v2'`… */
	vsn: string;
	/** Epoch ms when it was loaded. */
	at: number;
	source: string;
}

interface History {
	versions: ModuleVersion[];
	current: number;
	next: number;
}

export const KEPT_VERSIONS = 10;

export function vsnOf(version: number): string {
	return `v${version}`;
}

export class ModuleVersions {
	readonly #files = new Map<string, History>();

	constructor(private readonly now: () => number = Date.now) {}

	/** Records `source` as `file`'s newest version and makes it current. */
	add(file: string, source: string): ModuleVersion {
		let history = this.#files.get(file);
		if (!history) this.#files.set(file, (history = { versions: [], current: 0, next: 1 }));
		const version = history.next++;
		const entry = { version, vsn: vsnOf(version), at: this.now(), source };
		history.versions.push(entry);
		if (history.versions.length > KEPT_VERSIONS) history.versions.shift();
		history.current = version;
		return entry;
	}

	/** The number the file's next version gets (numbers are never reused, even after a rollback). */
	nextVersion(file: string): number {
		return this.#files.get(file)?.next ?? 1;
	}

	/** The version that runs, if the file has one. */
	current(file: string): ModuleVersion | undefined {
		const history = this.#files.get(file);
		return history?.versions.find((v) => v.version === history.current);
	}

	/** A kept version of `file`, if there is one. */
	get(file: string, version: number): ModuleVersion | undefined {
		return this.#files.get(file)?.versions.find((v) => v.version === version);
	}

	/** Marks a kept version as the one that runs (after it was loaded again). */
	setCurrent(file: string, version: number): void {
		const history = this.#files.get(file);
		if (!history?.versions.some((v) => v.version === version)) {
			throw new Error(`${file} has no version ${version}`);
		}
		history.current = version;
	}

	/** Forgets a file (it was deleted from the sandbox). */
	forget(file: string): void {
		this.#files.delete(file);
	}

	/** Every file's current vsn, for the sandbox worker's load. */
	vsns(): Record<string, string> {
		const out: Record<string, string> = {};
		for (const [file, history] of this.#files) out[file] = vsnOf(history.current);
		return out;
	}

	/** The history of each file, for the versions operation. */
	list(): Array<{ module: string; current: number; versions: ModuleVersion[] }> {
		return [...this.#files]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([module, h]) => ({ module, current: h.current, versions: [...h.versions] }));
	}
}
