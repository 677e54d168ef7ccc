import { z } from 'zod';
import { describeOperation } from '../openapi';
import { CATEGORIES, defineOperation, type Category } from '../operation';

const CATEGORY = z.enum(Object.keys(CATEGORIES) as [Category, ...Category[]]);

export default defineOperation({
	name: 'list_operations',
	category: 'arsenal',
	summary: 'List the operations',
	description:
		'Every operation of this registry: its name, category, method and path, what it does, the ' +
		'JSON schema of its parameters and of its result, the errors it may answer, and examples.',
	method: 'GET',
	path: '/arsenal/operations',
	params: z.strictObject({
		category: CATEGORY.optional().describe('Only operations of this category.')
	}),
	result: z.array(
		z.object({
			name: z.string(),
			category: CATEGORY,
			summary: z.string(),
			description: z.string(),
			method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
			path: z.string().describe('With :param segments, e.g. /api/v1/processes/:pid.'),
			pathParams: z.array(z.string()),
			paramsIn: z.enum(['query', 'body']).describe('Where the other parameters go over HTTP.'),
			params: z.record(z.string(), z.json()).describe('JSON schema of the parameters.'),
			result: z.record(z.string(), z.json()).describe('JSON schema of data.'),
			meta: z.record(z.string(), z.json()).optional().describe('JSON schema of meta.'),
			successStatus: z.number().int(),
			errors: z.array(z.object({ code: z.string(), status: z.number().int() })),
			examples: z.array(z.object({ summary: z.string(), params: z.record(z.string(), z.json()) }))
		})
	),
	meta: z.object({
		total: z.number().int(),
		categories: z.record(CATEGORY, z.string()).describe('What each category is about.')
	}),
	run({ category }, ctx) {
		const data = ctx.registry
			.list()
			.filter((op) => category === undefined || op.category === category)
			.map(describeOperation);
		return { data, meta: { total: data.length, categories: CATEGORIES } };
	},
	examples: [
		{ summary: 'Every operation', params: {} },
		{ summary: 'The supervisor operations', params: { category: 'supervisors' } }
	]
});
