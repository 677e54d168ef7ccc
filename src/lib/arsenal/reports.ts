/**
 * Crash and supervisor reports as they leave the node that made them (see
 * runtime/reports.ts): plain JSON, pids as `'<N.I.0>'`, reasons, states and messages as the
 * serializer's bounded JSON and stacks cut short, so that a sandbox's report crosses to the
 * system node and to the pages unchanged, and `list_reports` answers them as they are.
 */
import { z } from 'zod';

/**
 * How much of a reason, state or message a report carries: enough to read, and a report stays
 * under ~50 KB a term however large the state (a sandbox keeps 1,000 of them).
 */
export const REPORT_TERM_LIMITS = { maxDepth: 6, maxNodes: 100, maxString: 500 };
/** The longest error message a report carries, in characters. */
export const REPORT_MESSAGE_LIMIT = 2_000;
/** The most child ids a give-up report lists (a supervisor may allow thousands of restarts). */
export const REPORT_MAX_CHILDREN = 100;
/** The longest stack a report carries, in characters. */
export const REPORT_STACK_LIMIT = 4_000;

const optionalPid = z.string().optional();

export const CrashReportOut = z.object({
	kind: z.literal('crash'),
	node: z.string(),
	at: z.number().describe('Node-clock ms.'),
	pid: z.string(),
	name: z.string().optional().describe('Its registered name when it died.'),
	label: z.string().optional(),
	module: z.string().optional().describe('The callback module of a behaviour.'),
	behaviour: z.string().optional(),
	parent: optionalPid.describe('The process that spawned it.'),
	reason: z.json().describe('The exit reason (an Error as { name, message }).'),
	error: z
		.object({ name: z.string(), message: z.string(), stack: z.string().optional() })
		.optional()
		.describe('The error thrown, when the reason is one: its message and stack.'),
	signalFrom: optionalPid.describe('It died of an exit signal from this process.'),
	lastMessage: z.json().optional().describe('A server: the message it was handling.'),
	state: z.json().optional().describe('A server: its state when it crashed.')
});

export const SupervisorReportOut = z.object({
	kind: z.literal('supervisor'),
	node: z.string(),
	at: z.number().describe('Node-clock ms.'),
	supervisor: z.string(),
	name: z.string().optional(),
	module: z.string().optional(),
	errorContext: z
		.enum(['child_terminated', 'start_error', 'shutdown', 'shutdown_error'])
		.describe("What the supervisor was doing, as OTP's errorContext."),
	reason: z
		.json()
		.describe("The child's exit or start error; 'reached_max_restart_intensity' for shutdown."),
	child: z.object({
		id: z.string(),
		pid: optionalPid,
		restart: z.enum(['permanent', 'transient', 'temporary']),
		shutdown: z.union([z.number(), z.enum(['brutal_kill', 'infinity'])]),
		type: z.enum(['worker', 'supervisor'])
	}),
	intensity: z
		.object({
			intensity: z.number().int(),
			period: z.number().describe('Seconds.'),
			restarts: z.number().int().describe('The restarts inside the period, the last one included.'),
			children: z
				.array(z.string())
				.describe(
					`The child ids of those restarts, oldest first (the last ${REPORT_MAX_CHILDREN} at most).`
				),
			lastReason: z.json().describe('Why the last of them exited.')
		})
		.optional()
		.describe('shutdown: the limit passed and the children that used it up.')
});

export const ReportOut = z.discriminatedUnion('kind', [CrashReportOut, SupervisorReportOut]);
export type ReportOut = z.infer<typeof ReportOut>;
export type CrashReportOut = z.infer<typeof CrashReportOut>;
export type SupervisorReportOut = z.infer<typeof SupervisorReportOut>;

/** The process a report is about: a crash report's pid, a supervisor report's supervisor. */
export function subjectOf(report: ReportOut): string {
	return report.kind === 'crash' ? report.pid : report.supervisor;
}
