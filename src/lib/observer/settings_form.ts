/**
 * The settings page's form as plain data: the groups and fields it shows (from the settings'
 * own descriptions, arsenal/config_schemas.ts), the text typed into each, the change it sends,
 * and the sentences it shows of an answer. Pure; the page model (settings.svelte.ts) holds it.
 */
import {
	CONFIG_FIELDS,
	CONFIG_PATHS,
	configValue,
	type ConfigField,
	type ConfigPath,
	type ConfigUpdateOut,
	type SystemConfig,
	type SystemConfigPatch
} from '$lib/arsenal/config_schemas';

/** What each input holds: the text typed, or a switch's state. */
export type Draft = Record<ConfigPath, string | boolean>;

export interface FieldView extends ConfigField {
	path: ConfigPath;
	kind: 'number' | 'switch';
	/** The default as the page writes it: `2,000 ms`, `on`. */
	defaultText: string;
}

export interface GroupView {
	key: keyof SystemConfig;
	title: string;
	fields: FieldView[];
}

const TITLES: Record<keyof SystemConfig, string> = {
	analytics: 'Analytics',
	sandboxes: 'Sandboxes',
	arsenal: 'Arsenal (operations and REST)',
	cluster: 'Simulated cluster',
	supertester: 'Supertester'
};

/** The fields by group, in the settings' order. */
export function groupsOf(defaults: SystemConfig): GroupView[] {
	const groups: GroupView[] = [];
	for (const path of CONFIG_PATHS) {
		const key = path.split('.')[0] as keyof SystemConfig;
		let group = groups.find((g) => g.key === key);
		if (!group) groups.push((group = { key, title: TITLES[key], fields: [] }));
		const field: ConfigField = CONFIG_FIELDS[path];
		const value = configValue(defaults, path);
		group.fields.push({
			...field,
			path,
			kind: typeof value === 'boolean' ? 'switch' : 'number',
			defaultText: valueText(value, field.unit)
		});
	}
	return groups;
}

/** `2,000 ms`, `100 requests`, `on`. */
export function valueText(value: number | boolean, unit?: string): string {
	if (typeof value === 'boolean') return value ? 'on' : 'off';
	return `${value.toLocaleString('en-US')}${unit ? ` ${unit}` : ''}`;
}

/** The inputs' contents for `config`. */
export function draftOf(config: SystemConfig): Draft {
	const draft = {} as Draft;
	for (const path of CONFIG_PATHS) {
		const value = configValue(config, path);
		draft[path] = typeof value === 'boolean' ? value : String(value);
	}
	return draft;
}

/**
 * The change the draft asks for: every field, numbers as numbers. Text that is no number is sent
 * as it is, so that the answer's 422 names its field with the reason.
 */
export function patchOf(draft: Draft): SystemConfigPatch {
	const patch: Record<string, unknown> = {};
	for (const path of CONFIG_PATHS) {
		const raw = draft[path];
		const text = typeof raw === 'string' ? raw.trim().replaceAll(',', '') : raw;
		const value = typeof text === 'string' && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
		const keys = path.split('.');
		let node = patch;
		for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as typeof patch;
		node[keys.at(-1)!] = value;
	}
	return patch;
}

/** Whether the draft differs from `config`. */
export function isDirty(draft: Draft, config: SystemConfig): boolean {
	const saved = draftOf(config);
	return CONFIG_PATHS.some((path) => String(draft[path]).trim() !== String(saved[path]));
}

/** A 422's issues by field path; others are not about a field. */
export function fieldErrors(error: unknown): Partial<Record<ConfigPath, string>> {
	const details = (error as { details?: { issues?: unknown } } | null)?.details;
	const issues = Array.isArray(details?.issues) ? details.issues : [];
	const out: Partial<Record<ConfigPath, string>> = {};
	for (const issue of issues as Array<{ field?: unknown; reason?: unknown }>) {
		const { field, reason } = issue;
		if (typeof field !== 'string' || !(field in CONFIG_FIELDS)) continue;
		out[field as ConfigPath] ??= typeof reason === 'string' ? reason : 'invalid';
	}
	return out;
}

/** The status line after a save or a reset: what was applied, what needs a restart of what. */
export function outcomeText(out: ConfigUpdateOut, what: 'Saved' | 'Reset to the defaults'): string {
	const fields: Record<string, ConfigField | undefined> = CONFIG_FIELDS;
	const label = (path: string) => fields[path]?.label ?? path;
	const parts: string[] = [];
	if (out.applied.length === 0 && out.restartRequired.length === 0) {
		parts.push(`${what}: nothing changed.`);
	} else {
		parts.push(`${what}.`);
		if (out.applied.length) parts.push(`Applied at once: ${out.applied.map(label).join(', ')}.`);
		for (const path of out.restartRequired) {
			parts.push(`${label(path)} needs a restart: ${fields[path]?.restart}.`);
		}
	}
	if (!out.saved) parts.push('Not saved in this browser: it lasts until the tab is reloaded.');
	return parts.join(' ');
}
