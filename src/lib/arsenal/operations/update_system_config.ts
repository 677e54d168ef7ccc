import { ConfigUpdateOut, requireConfig, SystemConfigPatchSchema } from '../config_schemas';
import { defineOperation } from '../operation';

export default defineOperation({
	name: 'update_system_config',
	category: 'system',
	summary: "Change some of the system's settings",
	description:
		'Takes any of the settings, at any depth (`{ "arsenal": { "rateLimit": { "limit": 5 } } }`), ' +
		'validates them (422 validation_failed naming the field, such as arsenal.rateLimit.limit; ' +
		'an unknown key is named too), applies them and saves them for the next visit. Answers the ' +
		'settings, the ones that took effect at once (applied) and the ones that reach only what ' +
		'starts after the change (restartRequired: sandboxes.maxProcesses, for sandboxes and cluster ' +
		'nodes run or restarted after), with a message saying which.',
	method: 'PUT',
	path: '/system/config',
	local: true,
	params: SystemConfigPatchSchema,
	result: ConfigUpdateOut,
	errors: ['unavailable'],
	run: async (patch, ctx) => ({ data: await requireConfig(ctx).update(patch) }),
	examples: [
		{
			summary: 'Allow 5 REST requests a minute',
			params: { arsenal: { rateLimit: { limit: 5, windowMs: 60_000 } } }
		},
		{
			summary: 'Keep 200 restarts per supervisor',
			params: { analytics: { maxEventsPerSupervisor: 200 } }
		}
	]
});
