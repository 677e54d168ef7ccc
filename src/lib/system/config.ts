/**
 * The system's settings in the runtime worker: the schema and defaults (arsenal/config_schemas.ts,
 * re-exported here), and {@link SystemSettings}, which keeps the current values across system
 * nodes (its SystemHost holds it, so a heal keeps them), saves each change, and tells the running
 * system node what changed so that it applies at once. The saved values are read before the
 * system starts; a stored value that no longer validates (an older version's) falls back to its
 * default, field by field.
 *
 * ```ts
 * const settings = await SystemSettings.open(); // the saved settings, or the defaults
 * settings.onChange((config, changed) => registry.setRateLimit(config.arsenal.rateLimit));
 * await settings.update({ arsenal: { rateLimit: { limit: 5 } } });
 * ```
 */
import {
	CONFIG_FIELDS,
	CONFIG_PATHS,
	configValue,
	DEFAULT_CONFIG,
	SystemConfigPatchSchema,
	SystemConfigSchema,
	valueAt,
	type ConfigField,
	type ConfigPath,
	type ConfigService,
	type ConfigUpdateOut,
	type SystemConfig,
	type SystemConfigPatch
} from '$lib/arsenal/config_schemas';
import { fieldIssues, validationFailed } from '$lib/arsenal/errors';
import { ConfigDb } from './config_db';

export {
	CONFIG_FIELDS,
	DEFAULT_CONFIG,
	SystemConfigPatchSchema,
	SystemConfigSchema,
	type SystemConfig,
	type SystemConfigPatch
};

/** Where settings are saved: ConfigDb in the app; nothing in an embed or a test. */
export interface ConfigStorage {
	save(config: SystemConfig): Promise<void>;
	clear(): Promise<void>;
}

/** Told of every change, with the paths that changed. */
export type ConfigListener = (config: SystemConfig, changed: ConfigPath[]) => void;

/**
 * `stored` as a config: each field that validates is kept, each other one (missing, of the
 * wrong type, out of bounds, or unknown to this version) takes its default and is named in
 * `dropped`. Never throws.
 */
export function configFromStored(stored: unknown): { config: SystemConfig; dropped: string[] } {
	const config = structuredClone(DEFAULT_CONFIG);
	const dropped: string[] = [];
	for (const path of CONFIG_PATHS) {
		const value = valueAt(stored, path);
		if (value === undefined) {
			if (stored !== undefined) dropped.push(path);
			continue;
		}
		const candidate = setAt(structuredClone(config), path, value);
		if (SystemConfigSchema.safeParse(candidate).success) setAt(config, path, value);
		else dropped.push(path);
	}
	return { config, dropped };
}

/** `config` with `patch` applied (already validated). */
export function mergeConfig(config: SystemConfig, patch: SystemConfigPatch): SystemConfig {
	const next = structuredClone(config);
	for (const path of CONFIG_PATHS) {
		const value = valueAt(patch, path);
		if (value !== undefined) setAt(next, path, value);
	}
	return next;
}

/** The paths whose values differ. */
export function changedPaths(a: SystemConfig, b: SystemConfig): ConfigPath[] {
	return CONFIG_PATHS.filter((path) => configValue(a, path) !== configValue(b, path));
}

/** What an update answers, from the paths it changed. */
export function describeUpdate(
	config: SystemConfig,
	changed: ConfigPath[],
	saved: boolean
): ConfigUpdateOut {
	const restart = changed.filter((p) => (CONFIG_FIELDS[p] as ConfigField).restart);
	const applied = changed.filter((p) => !restart.includes(p));
	const parts: string[] = [];
	if (changed.length === 0) parts.push('Nothing changed.');
	if (applied.length) parts.push(`Applied at once: ${applied.join(', ')}.`);
	for (const p of restart) parts.push(`${p}: ${(CONFIG_FIELDS[p] as ConfigField).restart}.`);
	if (!saved) parts.push('Not saved: these settings last as long as this runtime runs.');
	return { config, applied, restartRequired: restart, message: parts.join(' '), saved };
}

export class SystemSettings implements ConfigService {
	#config: SystemConfig;
	readonly #storage: ConfigStorage | undefined;
	readonly #listeners = new Set<ConfigListener>();
	/** Updates one after another, so that the last saved is the last applied. */
	#queue: Promise<unknown> = Promise.resolve();

	constructor(opts: { config?: SystemConfig; storage?: ConfigStorage } = {}) {
		this.#config = structuredClone(opts.config ?? DEFAULT_CONFIG);
		this.#storage = opts.storage;
	}

	/**
	 * The saved settings (IndexedDB), or the defaults when there are none or storage refuses;
	 * never rejects. `onDropped` hears of saved fields that no longer validate.
	 */
	static async open(onDropped?: (paths: string[]) => void): Promise<SystemSettings> {
		let db: ConfigDb | undefined;
		try {
			db = await ConfigDb.open();
			const { config, dropped } = configFromStored(await db.load());
			if (dropped.length) onDropped?.(dropped);
			return new SystemSettings({ config, storage: db });
		} catch {
			db?.close();
			return new SystemSettings();
		}
	}

	/** The current settings (a copy). */
	get(): SystemConfig {
		return structuredClone(this.#config);
	}

	/** The current settings, read-only, for code that reads them as it goes. */
	get current(): Readonly<SystemConfig> {
		return this.#config;
	}

	/** Listens to changes; answers the way to stop. */
	onChange(listener: ConfigListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Applies a deep-partial change (422 naming the field for a bad one), then saves it. */
	update(patch: SystemConfigPatch): Promise<ConfigUpdateOut> {
		const parsed = SystemConfigPatchSchema.safeParse(patch);
		if (!parsed.success) return Promise.reject(validationFailed(fieldIssues(parsed.error)));
		return this.#serial(() => this.#apply(mergeConfig(this.#config, parsed.data), false));
	}

	/** Back to the defaults; the saved settings are forgotten. */
	reset(): Promise<ConfigUpdateOut> {
		return this.#serial(() => this.#apply(structuredClone(DEFAULT_CONFIG), true));
	}

	async #apply(next: SystemConfig, reset: boolean): Promise<ConfigUpdateOut> {
		const changed = changedPaths(this.#config, next);
		this.#config = next;
		for (const listener of this.#listeners) listener(this.get(), changed);
		let saved = false;
		if (this.#storage) {
			try {
				await (reset ? this.#storage.clear() : this.#storage.save(this.get()));
				saved = true;
			} catch {
				saved = false;
			}
		}
		return describeUpdate(this.get(), changed, saved);
	}

	#serial<T>(fn: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(fn, fn);
		this.#queue = run.catch(() => {});
		return run;
	}
}

function setAt<T extends object>(target: T, path: string, value: unknown): T {
	const keys = path.split('.');
	let node = target as Record<string, unknown>;
	for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
	node[keys.at(-1)!] = value;
	return target;
}
