/**
 * The /arsenal page's form, generated from an operation's parameter schema (the JSON schema
 * list_operations answers): the fields to show, the parameters their values make, and the
 * `fetch` call that sends the same parameters over REST.
 *
 * Values are sent as typed as the schema says, but not checked here: a number field holding
 * "abc" is sent as "abc", so that the learner sees the operation's own 422.
 */
import type { OperationDescription } from '$lib/arsenal/openapi';

type Schema = Record<string, unknown>;

export type FieldKind =
	'text' | 'integer' | 'number' | 'boolean' | 'choice' | 'choices' | 'json' | 'number_or_word';

export interface Field {
	name: string;
	/** Where it travels over HTTP. */
	in: 'path' | 'query' | 'body';
	kind: FieldKind;
	required: boolean;
	description?: string;
	default?: unknown;
	/** For choice and choices, and the words of number_or_word. */
	options?: string[];
	min?: number;
	max?: number;
}

export interface FormModel {
	/** For a union of shapes (inject_fault): the key that picks one, and its values. */
	variant?: { name: string; options: string[]; description?: string };
	/** The fields common to every shape, or of the only shape. */
	fields: Field[];
	/** The fields of each shape, by variant value. */
	byVariant: Record<string, Field[]>;
}

/** A field's raw value in the form: text, a checkbox, or the ticked options. */
export type FieldValue = string | boolean | string[];

export function formModel(op: OperationDescription): FormModel {
	const where = (name: string): Field['in'] =>
		op.pathParams.includes(name) ? 'path' : op.paramsIn;
	const branches = (op.params.oneOf ?? op.params.anyOf) as Schema[] | undefined;
	if (!branches) return { fields: fieldsOf(op.params, where), byVariant: {} };
	const key = discriminator(branches);
	if (!key) return { fields: fieldsOf(branches[0], where), byVariant: {} };
	const options = branches.map((b) => String(propertiesOf(b)[key].const));
	const all = branches.map((b) => fieldsOf(b, where).filter((f) => f.name !== key));
	const common = all[0].filter((f) => all.every((fields) => fields.some((g) => g.name === f.name)));
	const byVariant = Object.fromEntries(
		options.map((value, i) => [value, all[i].filter((f) => !common.some((c) => c.name === f.name))])
	);
	return { variant: { name: key, options }, fields: common, byVariant };
}

/** The fields the form shows for `variant`. */
export function visibleFields(model: FormModel, variant: string | undefined): Field[] {
	return [...model.fields, ...(variant ? (model.byVariant[variant] ?? []) : [])];
}

/** The parameters a form's values make; empty fields are left out, so defaults apply. */
export function toParams(
	fields: Field[],
	values: Record<string, FieldValue>,
	variant?: { name: string; value: string }
): Record<string, unknown> {
	const params: Record<string, unknown> = {};
	if (variant) params[variant.name] = variant.value;
	for (const field of fields) {
		const value = values[field.name];
		if (value === undefined || value === '' || value === false) continue;
		if (Array.isArray(value)) {
			if (value.length) params[field.name] = value;
			continue;
		}
		params[field.name] = typeof value === 'boolean' ? value : parse(field, value);
	}
	return params;
}

function parse(field: Field, text: string): unknown {
	switch (field.kind) {
		case 'integer':
		case 'number':
			return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
		case 'number_or_word':
			return /^\d+$/.test(text.trim()) ? Number(text) : text;
		case 'json':
			try {
				return JSON.parse(text) as unknown;
			} catch {
				return text; // plain text goes as a string
			}
		default:
			return text;
	}
}

/** A parameter as text: strings as they are, anything else as JSON. */
export function text(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The form's starting values: an example's parameters, as text. */
export function valuesOf(
	fields: Field[],
	params: Record<string, unknown>
): Record<string, FieldValue> {
	const values: Record<string, FieldValue> = {};
	for (const field of fields) {
		const value = params[field.name];
		if (value === undefined) continue;
		if (field.kind === 'boolean') values[field.name] = value === true || value === 'true';
		else if (field.kind === 'choices')
			values[field.name] = Array.isArray(value) ? value.map(text) : text(value).split(',');
		else if (field.kind === 'json') values[field.name] = JSON.stringify(value);
		else values[field.name] = text(value);
	}
	return values;
}

/** The REST path of `op` with `params`' path parameters in it (`:pid` where one is missing). */
export function restPath(op: OperationDescription, params: Record<string, unknown>): string {
	return op.path.replace(/:(\w+)/g, (whole, name: string) =>
		params[name] === undefined ? whole : encodeURIComponent(text(params[name]))
	);
}

/** The `fetch` call that runs `op` with `params` over REST. */
export function fetchCall(op: OperationDescription, params: Record<string, unknown>): string {
	const rest = Object.fromEntries(
		Object.entries(params).filter(([k]) => !op.pathParams.includes(k))
	);
	let url = restPath(op, params);
	if (op.paramsIn === 'query') {
		const query = new URLSearchParams(
			Object.entries(rest).map(([k, v]) => [k, Array.isArray(v) ? v.map(text).join(',') : text(v)])
		).toString();
		if (query) url += `?${query}`;
		const init = op.method === 'GET' ? '' : `, { method: '${op.method}' }`;
		return `await fetch('${url}'${init}).then((res) => res.json());`;
	}
	return [
		`await fetch('${url}', {`,
		`\tmethod: '${op.method}',`,
		`\theaders: { 'content-type': 'application/json' },`,
		`\tbody: JSON.stringify(${JSON.stringify(rest, null, '\t').replaceAll('\n', '\n\t')})`,
		`}).then((res) => res.json());`
	].join('\n');
}

/** A schema's type in a few words, for the parameter table. */
export function describeType(field: Field): string {
	switch (field.kind) {
		case 'choice':
			return (field.options ?? []).join(' | ');
		case 'choices':
			return `list of ${(field.options ?? []).join(', ')}`;
		case 'number_or_word':
			return `integer | ${(field.options ?? []).join(' | ')}`;
		case 'json':
			return 'any JSON';
		case 'text':
			return 'string';
		default: {
			const bounds =
				field.min !== undefined || field.max !== undefined
					? ` ${field.min ?? ''}…${field.max !== undefined && field.max < Number.MAX_SAFE_INTEGER ? field.max : ''}`
					: '';
			return `${field.kind}${bounds}`;
		}
	}
}

function propertiesOf(schema: Schema): Record<string, Schema> {
	return (schema.properties ?? {}) as Record<string, Schema>;
}

/** The property every branch pins to a constant, if there is one. */
function discriminator(branches: Schema[]): string | undefined {
	const first = propertiesOf(branches[0]);
	return Object.keys(first).find((key) =>
		branches.every((b) => propertiesOf(b)[key]?.const !== undefined)
	);
}

function fieldsOf(schema: Schema, where: (name: string) => Field['in']): Field[] {
	const required = new Set((schema.required ?? []) as string[]);
	return Object.entries(propertiesOf(schema)).map(([name, prop]) => {
		const field: Field = {
			name,
			in: where(name),
			kind: kindOf(prop),
			required: required.has(name)
		};
		if (typeof prop.description === 'string') field.description = prop.description;
		if (prop.default !== undefined) field.default = prop.default;
		const options = optionsOf(prop);
		if (options) field.options = options;
		if (typeof prop.minimum === 'number') field.min = prop.minimum;
		if (typeof prop.maximum === 'number') field.max = prop.maximum;
		return field;
	});
}

function kindOf(prop: Schema): FieldKind {
	const branches = prop.anyOf as Schema[] | undefined;
	if (branches) {
		const types = branches.map((b) => b.type);
		return types.includes('integer') && types.includes('string') ? 'number_or_word' : 'json';
	}
	if (Array.isArray(prop.enum)) return 'choice';
	switch (prop.type) {
		case 'integer':
			return 'integer';
		case 'number':
			return 'number';
		case 'boolean':
			return 'boolean';
		case 'string':
			return 'text';
		case 'array':
			return Array.isArray((prop.items as Schema | undefined)?.enum) ? 'choices' : 'json';
		default:
			return 'json';
	}
}

function optionsOf(prop: Schema): string[] | undefined {
	if (Array.isArray(prop.enum)) return prop.enum.map(String);
	const items = prop.items as Schema | undefined;
	if (Array.isArray(items?.enum)) return items.enum.map(String);
	const words = (prop.anyOf as Schema[] | undefined)?.flatMap((b) =>
		Array.isArray(b.enum) ? b.enum.map(String) : []
	);
	return words?.length ? words : undefined;
}
