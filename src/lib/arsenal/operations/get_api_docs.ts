import { z } from 'zod';
import { openApiDocument } from '../openapi';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'get_api_docs',
	category: 'arsenal',
	summary: 'The OpenAPI document',
	description:
		'An OpenAPI 3.1 document of every operation, generated from their zod schemas: paths, ' +
		'parameters, request bodies, responses and error statuses. It comes as data, like every answer.',
	method: 'GET',
	path: '/arsenal/docs',
	params: z.strictObject({}),
	result: z
		.object({ openapi: z.literal('3.1.0'), info: z.json(), paths: z.json() })
		.loose()
		.describe('The OpenAPI document.'),
	run(_params, ctx) {
		return { data: openApiDocument(ctx.registry.list()) };
	},
	examples: [{ summary: 'The document', params: {} }]
});
