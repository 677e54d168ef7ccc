/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call -- answers are JSON, read the way a client reads them */
import { validate } from '@readme/openapi-parser';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { operations } from './operations';
import { CATEGORIES } from './operation';
import {
	describeOperation,
	errorCodes,
	jsonSchemaOf,
	openApiDocument,
	type JsonSchema
} from './openapi';
import { pathParams } from './operation';
import { serialize } from './serialize';
import { STATUS } from './status';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- walking a generated document
type Doc = any;
const doc = openApiDocument(operations) as Doc;

/** Every `$ref` in `value`. */
function refs(value: unknown, out: string[] = []): string[] {
	if (Array.isArray(value)) value.forEach((v) => refs(v, out));
	else if (typeof value === 'object' && value !== null) {
		for (const [key, item] of Object.entries(value)) {
			if (key === '$ref' && typeof item === 'string') out.push(item);
			else refs(item, out);
		}
	}
	return out;
}

function resolve(ref: string): unknown {
	expect(ref.startsWith('#/')).toBe(true);
	return ref
		.slice(2)
		.split('/')
		.reduce<Doc>((node, key) => node?.[key], doc);
}

describe('openApiDocument', () => {
	it('is an OpenAPI 3.1 document of plain JSON', () => {
		expect(doc).toMatchObject({
			openapi: '3.1.0',
			info: { title: 'SuperLearner Arsenal API', version: '1.0.0' },
			servers: [{ url: '/api/v1' }]
		});
		expect(serialize(doc)).toEqual(doc);
		expect(doc.tags.map((t: { name: string }) => t.name)).toEqual([
			'processes',
			'supervisors',
			'sandboxes',
			'cluster',
			'system',
			'analytics',
			'tracing',
			'arsenal'
		]);
	});

	it('has every operation once, at its method and path, with its name as operationId', () => {
		const ids: string[] = [];
		for (const op of operations) {
			const route = op.path.replace(/:(\w+)/g, '{$1}');
			const item = doc.paths[route]?.[op.method.toLowerCase()];
			expect(item, `${op.method} ${route}`).toBeDefined();
			expect(item).toMatchObject({
				operationId: op.name,
				tags: [op.category],
				summary: op.summary
			});
			ids.push(item.operationId);
		}
		expect(new Set(ids).size).toBe(operations.length);
		const documented = Object.values(doc.paths).flatMap((p) => Object.keys(p as object));
		expect(documented).toHaveLength(operations.length);
	});

	it('puts path parameters in the path and the others in the query or the body', () => {
		for (const op of operations) {
			const item = doc.paths[op.path.replace(/:(\w+)/g, '{$1}')][op.method.toLowerCase()];
			const params = item.parameters as Array<{ name: string; in: string; required: boolean }>;
			for (const p of params) expect(['path', 'query']).toContain(p.in);
			expect(params.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathParams(op.path));
			expect(params.filter((p) => p.in === 'path').every((p) => p.required)).toBe(true);
			if (op.method === 'POST' || op.method === 'PUT') {
				const body = item.requestBody.content['application/json'].schema as JsonSchema;
				for (const name of pathParams(op.path)) {
					expect(JSON.stringify(body)).not.toContain(`"${name}":`);
				}
				expect(params.some((p) => p.in === 'query')).toBe(false);
			} else {
				expect(item.requestBody).toBeUndefined();
			}
		}
	});

	it('shows the query parameters with their types, bounds and defaults', () => {
		const list = doc.paths['/processes'].get.parameters as Array<{
			name: string;
			schema: JsonSchema;
		}>;
		expect(list.find((p) => p.name === 'perPage')).toMatchObject({
			in: 'query',
			required: false,
			description: 'Rows per page.',
			schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 }
		});
		const kill = doc.paths['/processes/{pid}'].delete.parameters as Array<{
			name: string;
			schema: JsonSchema;
		}>;
		expect(kill.find((p) => p.name === 'force')?.schema).toEqual({
			type: 'boolean',
			default: false
		});
	});

	it('describes a union body branch by branch, without the path parameter', () => {
		const body =
			doc.paths['/processes/{pid}/faults'].post.requestBody.content['application/json'].schema;
		expect(body.oneOf.map((b: JsonSchema) => (b.properties as Doc).kind.const)).toEqual([
			'crash',
			'throw',
			'delay',
			'drop'
		]);
		for (const branch of body.oneOf) expect(branch.required).toEqual(['kind']);
	});

	it('lists the success status and the error statuses each operation may answer', () => {
		const statuses = (route: string, method: string) =>
			Object.keys(doc.paths[route][method].responses);
		expect(statuses('/supervisors/{pid}/children', 'post')).toEqual([
			'201',
			'400',
			'403',
			'404',
			'409',
			'422',
			'429',
			'500',
			'504'
		]);
		expect(statuses('/processes/{pid}', 'delete')).toEqual([
			'200',
			'400',
			'403',
			'404',
			'422',
			'429',
			'500',
			'504'
		]);
		expect(statuses('/processes', 'get')).toEqual(['200', '404', '422', '429', '500', '504']);
		expect(doc.paths['/processes/{pid}/state'].get.responses['422'].description).toBe(
			'not_genserver, validation_failed'
		);
		expect(doc.paths['/processes/{pid}/status'].get.responses['422'].description).toBe(
			'not_genserver, validation_failed'
		);
		for (const action of ['suspend', 'resume']) {
			expect(statuses(`/processes/{pid}/${action}`, 'post')).toEqual([
				'200',
				'400',
				'403',
				'404',
				'422',
				'429',
				'500',
				'504'
			]);
		}
		for (const op of operations) {
			for (const code of errorCodes(op)) expect(STATUS[code], code).toBeDefined();
		}
	});

	it('has every $ref resolve inside the document, recursive schemas included', () => {
		const all = refs(doc);
		expect(all).toContain('#/components/schemas/Error');
		expect(all).toContain('#/components/schemas/get_supervision_tree_result_root');
		for (const ref of all) expect(resolve(ref), ref).toBeDefined();
	});

	it('shows any JSON value as {}, not as a recursive union', () => {
		const message =
			doc.paths['/processes/{pid}/message'].post.requestBody.content['application/json'].schema;
		expect(message.properties.message).toEqual({ description: 'The message, as JSON.' });
		expect(JSON.stringify(doc)).not.toContain('$defs');
	});
});

/** A problem as `redocly lint --format=json` reports it. */
interface LintProblem {
	ruleId: string;
	severity: string;
	message: string;
	location: Array<{ pointer?: string }>;
}

/**
 * `redocly lint` with the recommended rules on `document`. @redocly/cli bundles its linter
 * (@redocly/openapi-core is not a package of its own beside it), so the test runs the CLI
 * itself, offline: from a temporary folder (no redocly.yaml found), telemetry off.
 */
async function redoclyLint(
	document: unknown
): Promise<{ totals: object; problems: LintProblem[] }> {
	const cli = join(
		dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
		'bin/cli.js'
	);
	const dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
	try {
		await writeFile(join(dir, 'openapi.json'), JSON.stringify(document));
		const args = [cli, 'lint', 'openapi.json', '--format=json', '--extends=recommended'];
		const env = {
			...process.env,
			REDOCLY_TELEMETRY: 'off',
			REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true'
		};
		// Exits 1 when there are problems; the report is on stdout either way.
		const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: dir, env }).catch(
			(error: Error & { stdout?: string; stderr?: string }) => {
				if (!error.stdout) throw new Error(`redocly lint failed: ${error.stderr || error.message}`);
				return { stdout: error.stdout };
			}
		);
		return JSON.parse(stdout);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

const show = (problems: LintProblem[]) =>
	problems
		.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '#'}: ${p.message}`)
		.join('\n');

describe('the served document', () => {
	it('is valid OpenAPI for @readme/openapi-parser', async () => {
		const result = await validate(structuredClone(doc), { resolve: { external: false } });
		const messages = [...(result.valid ? [] : result.errors), ...result.warnings];
		expect(result.valid, messages.map((m) => m.message).join('\n')).toBe(true);
		expect(result.warnings).toEqual([]);
		expect(result.specification).toBe('OpenAPI');
	});

	it('passes redocly lint (recommended rules) with no error and no warning', async () => {
		const report = await redoclyLint(doc);
		expect(report.problems, show(report.problems)).toEqual([]);
		expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
	}, 15_000);

	it('requires only properties it defines, in a record with enum keys too', () => {
		const meta =
			doc.paths['/arsenal/operations'].get.responses['200'].content['application/json'].schema
				.properties.meta;
		expect(meta.properties.categories).toMatchObject({
			type: 'object',
			properties: { processes: { type: 'string' }, arsenal: { type: 'string' } },
			required: Object.keys(CATEGORIES),
			additionalProperties: false
		});
		expect(meta.properties.categories.propertyNames).toBeUndefined();
	});

	it('declares its license and that no credentials are needed', () => {
		expect(doc.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
		expect(doc.security).toEqual([]);
	});
});

describe('describeOperation', () => {
	it('gives the page and the operation list what they show', () => {
		const kill = describeOperation(operations.find((o) => o.name === 'kill_process')!);
		expect(kill).toMatchObject({
			name: 'kill_process',
			method: 'DELETE',
			path: '/api/v1/processes/:pid',
			pathParams: ['pid'],
			paramsIn: 'query',
			successStatus: 200
		});
		expect(kill.errors).toContainEqual({ code: 'unauthorized', status: 403 });
		expect(kill.params).toMatchObject({ type: 'object', required: ['pid'] });
	});
});

describe('jsonSchemaOf', () => {
	it('caches per schema and io', () => {
		const schema = z.object({ a: z.number().default(1) });
		expect(jsonSchemaOf(schema, 'input')).toBe(jsonSchemaOf(schema, 'input'));
		expect(jsonSchemaOf(schema, 'input').required).toBeUndefined();
		expect(jsonSchemaOf(schema, 'output').required).toEqual(['a']);
	});
});
