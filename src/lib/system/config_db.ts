/**
 * The saved settings in IndexedDB (database `superlearner-config`), opened by the runtime worker:
 * one value, the whole config as the last successful update left it. What is read back is not
 * trusted: system/config.ts validates it field by field.
 *
 * ```ts
 * const db = await ConfigDb.open();
 * const stored = await db.load(); // unknown, or undefined when nothing was saved
 * await db.save(config);
 * ```
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SystemConfig } from '$lib/arsenal/config_schemas';

interface ConfigDBSchema extends DBSchema {
	/** One value, under {@link KEY}; `unknown` as an older version may have written it. */
	settings: { key: string; value: unknown };
}

export const CONFIG_DB = 'superlearner-config';
const KEY = 'system';

export class ConfigDb {
	readonly #db: IDBPDatabase<ConfigDBSchema>;

	private constructor(db: IDBPDatabase<ConfigDBSchema>) {
		this.#db = db;
	}

	/** Rejects when this worker has no IndexedDB, or the browser refuses to open it. */
	static async open(name = CONFIG_DB): Promise<ConfigDb> {
		if (typeof indexedDB === 'undefined') {
			throw new Error('this browser gives the runtime worker no IndexedDB');
		}
		const db = await openDB<ConfigDBSchema>(name, 1, {
			upgrade(db) {
				db.createObjectStore('settings');
			},
			// A newer version of the app is upgrading the database in another tab: let it.
			blocking(_current, _blocked, event) {
				(event.target as IDBDatabase).close();
			}
		});
		return new ConfigDb(db);
	}

	/** The saved settings as they were written, or undefined. */
	load(): Promise<unknown> {
		return this.#db.get('settings', KEY);
	}

	async save(config: SystemConfig): Promise<void> {
		await this.#db.put('settings', config, KEY);
	}

	/** Forgets the saved settings: the next start takes the defaults. */
	async clear(): Promise<void> {
		await this.#db.delete('settings', KEY);
	}

	close(): void {
		this.#db.close();
	}
}
