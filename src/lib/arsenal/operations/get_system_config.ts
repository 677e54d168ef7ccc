import { z } from 'zod';
import { requireConfig, SystemConfigSchema } from '../config_schemas';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'get_system_config',
	category: 'system',
	summary: "The system's settings",
	description:
		'Every setting of the system, grouped: analytics (scanInterval, maxEventsPerSupervisor), ' +
		'sandboxes (maxSandboxes, maxProcesses), arsenal (operationTimeout, enableTelemetry, ' +
		'rateLimit), cluster (nodeCount, startupTimeout) and supertester (defaultTimeout). They ' +
		'are saved in this browser and read again before the system starts.',
	method: 'GET',
	path: '/system/config',
	local: true,
	params: z.strictObject({}),
	result: SystemConfigSchema,
	errors: ['unavailable'],
	run: (_params, ctx) => ({ data: requireConfig(ctx).get() }),
	examples: [{ summary: 'The settings now', params: {} }]
});
