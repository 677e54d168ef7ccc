import { z } from 'zod';
import { defineOperation } from '../operation';
import { int } from '../params';
import { ReportOut } from '../reports';
import { sandboxId, sandboxes } from '../sandbox_schemas';

export default defineOperation({
	name: 'sandbox_console',
	category: 'sandboxes',
	summary: "A sandbox's console",
	description:
		'What the sandbox’s code printed with console.log (and info, warn, error, debug), with the ' +
		'pid that printed it, and the crash and supervisor reports of its processes, each as one line ' +
		'with the whole report beside it; the last 1,000 lines. Pass after = the last seq seen to ' +
		'get only new ones.',
	method: 'GET',
	path: '/sandboxes/:id/console',
	params: z.strictObject({
		id: sandboxId(),
		after: int(z.number().int().min(0)).prefault(0).describe('Only lines after this seq.')
	}),
	result: z.array(
		z.object({
			seq: z.number().int(),
			at: z.number().describe('Epoch ms.'),
			level: z.enum(['log', 'info', 'warn', 'error', 'debug']),
			pid: z.string().optional(),
			text: z.string(),
			report: ReportOut.optional().describe(
				'A crash or supervisor report, which text folds to one line.'
			)
		})
	),
	errors: ['not_found'],
	run: ({ id, after }, ctx) => ({ data: sandboxes(ctx).consoleAfter(id, after) }),
	examples: [{ summary: 'Everything hello printed', params: { id: 'hello' } }]
});
