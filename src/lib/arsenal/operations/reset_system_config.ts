import { z } from 'zod';
import { ConfigUpdateOut, requireConfig } from '../config_schemas';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'reset_system_config',
	category: 'system',
	summary: "Reset the system's settings to their defaults",
	description:
		'Puts every setting back to its default (100 REST requests a minute, 30 s operations, ' +
		'100 sandboxes…), applies them as update_system_config does, and forgets the saved ones. ' +
		'Answers as update_system_config.',
	method: 'DELETE',
	path: '/system/config',
	local: true,
	params: z.strictObject({}),
	result: ConfigUpdateOut,
	errors: ['unavailable'],
	run: async (_params, ctx) => ({ data: await requireConfig(ctx).reset() }),
	examples: [{ summary: 'Back to the defaults', params: {} }]
});
