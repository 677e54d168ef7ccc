/**
 * The settings page's model: reads the settings (get_system_config), holds what is typed, saves
 * it (update_system_config) with the 422's errors by field, and resets to the defaults
 * (reset_system_config). Every change goes through the operations, as REST's does.
 */
import type { Execute } from '$lib/arsenal/client';
import type { ConfigPath, ConfigUpdateOut, SystemConfig } from '$lib/arsenal/config_schemas';
import { draftOf, fieldErrors, isDirty, outcomeText, patchOf, type Draft } from './settings_form';

export class SettingsModel {
	status = $state<'loading' | 'ready' | 'error'>('loading');
	/** Why the settings could not be read. */
	error = $state<string | null>(null);
	/** The settings as the system has them. */
	config = $state.raw<SystemConfig | null>(null);
	draft = $state<Draft>({} as Draft);
	errors = $state<Partial<Record<ConfigPath, string>>>({});
	readonly #execute: Execute;

	constructor(execute: Execute) {
		this.#execute = execute;
	}

	get dirty(): boolean {
		return this.config !== null && isDirty(this.draft, this.config);
	}

	async load(): Promise<void> {
		this.status = 'loading';
		try {
			const { data } = await this.#execute('get_system_config');
			this.#take(data);
			this.status = 'ready';
		} catch (error) {
			this.error = messageOf(error);
			this.status = 'error';
		}
	}

	/** Saves what is typed; answers the status line, or throws it (with `errors` set by field). */
	save(): Promise<string> {
		return this.#run('Saved', () =>
			this.#execute('update_system_config', patchOf($state.snapshot(this.draft)))
		);
	}

	/** Back to the defaults; answers the status line. */
	reset(): Promise<string> {
		return this.#run('Reset to the defaults', () => this.#execute('reset_system_config'));
	}

	async #run(
		what: 'Saved' | 'Reset to the defaults',
		call: () => Promise<{ data: ConfigUpdateOut }>
	): Promise<string> {
		try {
			const { data } = await call();
			this.#take(data.config);
			return outcomeText(data, what);
		} catch (error) {
			this.errors = fieldErrors(error);
			const count = Object.keys(this.errors).length;
			throw new Error(
				count
					? `Not saved: ${count === 1 ? 'a setting is' : `${count} settings are`} not valid; see below.`
					: `Not saved: ${messageOf(error)}`,
				{ cause: error }
			);
		}
	}

	#take(config: SystemConfig): void {
		this.config = config;
		this.draft = draftOf(config);
		this.errors = {};
	}
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
