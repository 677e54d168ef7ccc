/**
 * Docs generated from the operations' zod schemas, never written by hand: the JSON schema of a
 * schema (`z.toJSONSchema`), an operation's description for the operation list and the
 * /arsenal page, and the OpenAPI 3.1 document of the whole registry.
 *
 * Path parameters become `in: path`, the other parameters of GET and DELETE `in: query`, and
 * those of POST a JSON `requestBody`. Every operation lists the errors it can answer, with the
 * status of status.ts and the `{ error: { code, message, details? } }` envelope.
 *
 * @example
 * const doc = openApiDocument(registry);
 * doc.paths['/processes/{pid}'].delete.operationId; // 'kill_process'
 */
import { z } from 'zod';
import type { AnyOperation, Example, Method } from './operation';
import { CATEGORIES, pathParams } from './operation';
import { API_BASE } from './router';
import { STATUS } from './status';

/** A JSON schema, as plain data. */
export type JsonSchema = Record<string, unknown>;

const cache = {
	input: new WeakMap<z.ZodType, JsonSchema>(),
	output: new WeakMap<z.ZodType, JsonSchema>()
};

/**
 * The JSON schema (2020-12, as OpenAPI 3.1 uses) of `schema`: `'input'` for what a caller may
 * send (defaults shown, coercions invisible), `'output'` for what comes back.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
	const cached = cache[io].get(schema);
	if (cached) return cached;
	const { $schema: _, ...json } = z.toJSONSchema(schema, {
		io,
		target: 'draft-2020-12',
		unrepresentable: 'any',
		reused: 'inline',
		cycles: 'ref'
	}) as JsonSchema;
	const simple = recordKeysAsProperties(inlineAnyJson(json));
	cache[io].set(schema, simple);
	return simple;
}

/** The six types of `z.json()`: a recursive union that says no more than `{}` (any value). */
const ANY_JSON = JSON.stringify(['string', 'number', 'boolean', 'null', 'array', 'object']);

function isAnyJson(def: unknown): boolean {
	const branches = (def as { anyOf?: Array<{ type?: unknown }> }).anyOf;
	return Array.isArray(branches) && JSON.stringify(branches.map((b) => b.type)) === ANY_JSON;
}

/** Replaces references to `z.json()`'s definition with `{}`, and drops the definition. */
function inlineAnyJson(schema: JsonSchema): JsonSchema {
	const defs = schema.$defs as Record<string, unknown> | undefined;
	if (!defs) return schema;
	const anyJson = new Set(Object.keys(defs).filter((key) => isAnyJson(defs[key])));
	if (anyJson.size === 0) return schema;
	const replace = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(replace);
		if (typeof value !== 'object' || value === null) return value;
		const out: JsonSchema = {};
		for (const [key, item] of Object.entries(value)) {
			if (key === '$ref' && typeof item === 'string' && anyJson.has(item.replace('#/$defs/', ''))) {
				continue;
			}
			out[key] = replace(item);
		}
		return out;
	};
	const { $defs: _, ...rest } = schema;
	const out = replace(rest) as JsonSchema;
	const kept = Object.entries(defs).filter(([key]) => !anyJson.has(key));
	if (kept.length) out.$defs = Object.fromEntries(kept.map(([key, def]) => [key, replace(def)]));
	return out;
}

/**
 * A record with enum keys (`z.record(z.enum([...]), value)`) as the object it is: zod names its
 * keys only in `propertyNames` and lists them all in `required`, so the schema requires
 * properties it never defines. Each key becomes a property of the value's schema, and no other
 * key is allowed: zod refuses other keys, in a `z.partialRecord` too (which requires none).
 */
function recordKeysAsProperties(schema: JsonSchema): JsonSchema {
	const rewrite = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(rewrite);
		if (typeof value !== 'object' || value === null) return value;
		const out: JsonSchema = {};
		for (const [key, item] of Object.entries(value)) out[key] = rewrite(item);
		const keys = (out.propertyNames as { enum?: unknown } | undefined)?.enum;
		const valueSchema = out.additionalProperties;
		if (
			out.type !== 'object' ||
			out.properties !== undefined ||
			!Array.isArray(keys) ||
			!keys.every((k) => typeof k === 'string') ||
			typeof valueSchema !== 'object' ||
			valueSchema === null
		) {
			return out;
		}
		const { propertyNames: _, additionalProperties: __, ...rest } = out;
		return {
			...rest,
			properties: Object.fromEntries(keys.map((k: string) => [k, valueSchema])),
			additionalProperties: false
		};
	};
	return rewrite(schema) as JsonSchema;
}

/**
 * `schema` for use inside the OpenAPI document, where `#` means the document: its `$defs` and
 * a reference to its own root become components named after `name`.
 */
function hoisted(
	schema: JsonSchema,
	name: string,
	components: Record<string, unknown>
): JsonSchema {
	const { $defs, ...root } = schema as JsonSchema & { $defs?: Record<string, JsonSchema> };
	const text = JSON.stringify(root);
	const selfRef = text.includes('"$ref":"#"');
	if (!$defs && !selfRef) return schema;
	const target = (key: string) => `#/components/schemas/${name}_${key}`;
	const rewrite = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(rewrite);
		if (typeof value !== 'object' || value === null) return value;
		const out: JsonSchema = {};
		for (const [key, item] of Object.entries(value)) {
			if (key === '$ref' && item === '#') out[key] = target('root');
			else if (key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/')) {
				out[key] = target(item.slice('#/$defs/'.length));
			} else out[key] = rewrite(item);
		}
		return out;
	};
	for (const [key, def] of Object.entries($defs ?? {})) components[`${name}_${key}`] = rewrite(def);
	if (!selfRef) return rewrite(root) as JsonSchema;
	components[`${name}_root`] = rewrite(root);
	return { $ref: target('root') };
}

/** Every error code an operation may answer: its own, and those every operation may. */
export function errorCodes(op: AnyOperation): string[] {
	const codes = new Set<string>();
	if (op.method !== 'GET') codes.add('invalid_params');
	if (op.authorize) codes.add('unauthorized');
	if (pathParams(op.path).includes('pid')) codes.add('noproc');
	for (const code of op.errors ?? []) codes.add(code);
	for (const code of ['validation_failed', 'rate_limited', 'operation_failed', 'timeout']) {
		codes.add(code);
	}
	return [...codes].sort((a, b) => (STATUS[a] ?? 500) - (STATUS[b] ?? 500));
}

/** An operation as the operation list and the /arsenal page describe it. */
export interface OperationDescription extends Pick<
	AnyOperation,
	'name' | 'category' | 'summary' | 'description' | 'method' | 'path'
> {
	pathParams: string[];
	/** Where the parameters that are not in the path go over HTTP. */
	paramsIn: 'query' | 'body';
	/** JSON schemas of the parameters, of `data` and of `meta`. */
	params: JsonSchema;
	result: JsonSchema;
	meta?: JsonSchema;
	successStatus: number;
	errors: Array<{ code: string; status: number }>;
	examples: Example[];
}

export function describeOperation(op: AnyOperation): OperationDescription {
	const params = jsonSchemaOf(op.params, 'input');
	return {
		name: op.name,
		category: op.category,
		summary: op.summary,
		description: op.description,
		method: op.method,
		path: `${API_BASE}${op.path}`,
		pathParams: pathParams(op.path),
		paramsIn: hasBody(op.method) ? 'body' : 'query',
		params,
		result: jsonSchemaOf(op.result, 'output'),
		...(op.meta && { meta: jsonSchemaOf(op.meta, 'output') }),
		successStatus: op.successStatus ?? 200,
		errors: errorCodes(op).map((code) => ({ code, status: STATUS[code] ?? 500 })),
		examples: op.examples
	};
}

/** The OpenAPI 3.1 document of `operations`. */
export function openApiDocument(
	operations: readonly AnyOperation[],
	info: { title?: string; version?: string } = {}
): JsonSchema {
	const paths: Record<string, Record<string, unknown>> = {};
	const schemas: Record<string, unknown> = {};
	for (const op of operations) {
		const route = op.path.replace(/:(\w+)/g, '{$1}');
		(paths[route] ??= {})[op.method.toLowerCase()] = pathItem(op, schemas);
	}
	const used = [...new Set(operations.map((op) => op.category))];
	return {
		openapi: '3.1.0',
		info: {
			title: info.title ?? 'SuperLearner Arsenal API',
			version: info.version ?? '1.0.0',
			description:
				"The runtime of this browser tab as a REST API, served by SuperLearner's service worker. " +
				'Every body is JSON: `{ data, meta? }` on success, `{ error: { code, message, details? } }` ' +
				'otherwise. REST clients are limited to 100 requests a minute each.',
			license: { name: 'MIT', identifier: 'MIT' }
		},
		servers: [{ url: API_BASE }],
		// No credentials: the service worker answers this tab's origin. A 403 `unauthorized` is an
		// operation guarding the system's own processes (see `force`), not authentication.
		security: [],
		tags: used.map((name) => ({ name, description: CATEGORIES[name] })),
		paths,
		components: {
			schemas: {
				...schemas,
				Error: {
					type: 'object',
					properties: {
						error: {
							type: 'object',
							properties: {
								code: { type: 'string', enum: Object.keys(STATUS) },
								message: { type: 'string' },
								details: {}
							},
							required: ['code', 'message']
						}
					},
					required: ['error']
				}
			}
		}
	};
}

function pathItem(op: AnyOperation, components: Record<string, unknown>) {
	const params = hoisted(jsonSchemaOf(op.params, 'input'), `${op.name}_params`, components);
	const inPath = pathParams(op.path);
	const parameters: unknown[] = inPath.map((name) => ({
		name,
		in: 'path',
		required: true,
		schema: propertyOf(params, name)
	}));
	let requestBody: unknown;
	if (hasBody(op.method)) {
		requestBody = {
			required: true,
			content: { 'application/json': { schema: without(params, inPath) } }
		};
	} else {
		const body = without(params, inPath);
		const required = new Set((body.required as string[] | undefined) ?? []);
		for (const [name, schema] of Object.entries(
			(body.properties ?? {}) as Record<string, JsonSchema>
		)) {
			const { description, ...rest } = schema;
			parameters.push({
				name,
				in: 'query',
				required: required.has(name),
				...(typeof description === 'string' && { description }),
				schema: rest
			});
		}
	}
	const success = String(op.successStatus ?? 200);
	const data: JsonSchema = {
		type: 'object',
		properties: {
			data: hoisted(jsonSchemaOf(op.result, 'output'), `${op.name}_result`, components),
			...(op.meta && {
				meta: hoisted(jsonSchemaOf(op.meta, 'output'), `${op.name}_meta`, components)
			})
		},
		required: ['data']
	};
	const responses: Record<string, unknown> = {
		[success]: {
			description: op.summary,
			content: { 'application/json': { schema: data } }
		}
	};
	for (const [status, codes] of byStatus(errorCodes(op))) {
		responses[status] = {
			description: codes.join(', '),
			content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
		};
	}
	return {
		operationId: op.name,
		tags: [op.category],
		summary: op.summary,
		description: op.description,
		parameters,
		...(requestBody !== undefined && { requestBody }),
		responses,
		'x-examples': op.examples
	};
}

function byStatus(codes: string[]): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const code of codes) {
		const status = String(STATUS[code] ?? 500);
		out.set(status, [...(out.get(status) ?? []), code]);
	}
	return out;
}

/** The schema of property `name`, looking into the branches of a union too. */
function propertyOf(schema: JsonSchema, name: string): JsonSchema {
	const own = (schema.properties as Record<string, JsonSchema> | undefined)?.[name];
	if (own) return own;
	for (const branch of (schema.oneOf ?? schema.anyOf ?? []) as JsonSchema[]) {
		const found = propertyOf(branch, name);
		if (Object.keys(found).length) return found;
	}
	return {};
}

/** `schema` without the properties `names` (in every branch of a union). */
function without(schema: JsonSchema, names: string[]): JsonSchema {
	const branches = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
	if (branches) {
		const key = schema.oneOf ? 'oneOf' : 'anyOf';
		return { ...schema, [key]: branches.map((b) => without(b, names)) };
	}
	const properties = { ...((schema.properties ?? {}) as Record<string, unknown>) };
	for (const name of names) delete properties[name];
	const required = ((schema.required ?? []) as string[]).filter((r) => !names.includes(r));
	const out: JsonSchema = { ...schema, properties };
	if (required.length) out.required = required;
	else delete out.required;
	return out;
}

/** POST and PUT take their parameters in a JSON body; the others in the query string. */
function hasBody(method: Method): boolean {
	return method === 'POST' || method === 'PUT';
}
