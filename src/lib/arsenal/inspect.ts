/**
 * How operations describe processes and supervisors: the rows of the process list, a
 * supervisor's summary and children, and supervision subtrees. One place, so that the list,
 * the detail and the tree agree on every field.
 *
 * @example
 * const sup = await describeSupervisor(ctx, entry, pid); // flags, counts, restarts in the window
 */
import { z } from 'zod';
import type { Pid, ProcessInfo } from '$lib/runtime';
import { supervisorInfo, type SupervisorInfo } from '$lib/runtime/host';
import { ArsenalError } from './errors';
import { livePids, requirePid, type ArsenalContext, type ArsenalNode } from './context';

/** The behaviours ProcessInfo knows, and `'none'` for plain processes. */
export const BEHAVIOURS = [
	'gen_server',
	'supervisor',
	'dynamic_supervisor',
	'task',
	'agent',
	'registry',
	'none'
] as const;

/** A process as the list shows it. */
export const ProcessRow = z.object({
	pid: z.string().describe('<N.I.0>'),
	node: z.string(),
	name: z.string().optional().describe('The registered name.'),
	label: z.string().optional(),
	behaviour: z.enum(BEHAVIOURS),
	module: z.string().optional().describe('The callback module, e.g. Demo.Counter.'),
	status: z.enum(['runnable', 'waiting', 'running', 'exiting']),
	messageQueueLen: z.number().int(),
	reductions: z.number().int(),
	memory: z.number().int().describe('Bytes: an estimate of queue + state size.'),
	links: z.number().int().describe('How many links it has.'),
	startedAt: z.number().describe('Node clock ms.'),
	system: z.boolean().describe("Part of SuperLearner's own supervision tree.")
});

/** Who a process is: what the list rows and the process graph's nodes both start with. */
export function processIdentity(entry: ArsenalNode, info: ProcessInfo, system: boolean) {
	return {
		pid: String(info.pid),
		node: entry.node.name,
		...(info.name !== undefined && { name: info.name }),
		...(info.label !== undefined && { label: info.label }),
		behaviour: info.behaviour ?? 'none',
		...(info.module !== undefined && { module: info.module }),
		system
	};
}

export function processRow(entry: ArsenalNode, info: ProcessInfo, system: boolean) {
	return {
		...processIdentity(entry, info, system),
		status: info.status,
		messageQueueLen: info.messageQueueLen,
		reductions: info.reductions,
		memory: info.memory,
		links: info.links.length,
		startedAt: info.startedAt
	};
}

/** What the list and detail show of a supervisor. */
export const SupervisorSummary = z.object({
	pid: z.string(),
	node: z.string(),
	name: z.string().optional(),
	module: z.string().optional(),
	dynamic: z.boolean().describe('A DynamicSupervisor: children are added at run time.'),
	strategy: z.enum(['one_for_one', 'one_for_all', 'rest_for_one']),
	intensity: z.number().int().describe('Restarts allowed within period before it gives up.'),
	period: z.number().describe('Seconds.'),
	maxChildren: z.union([z.number().int(), z.literal('infinity')]).optional(),
	children: z.object({
		specs: z.number().int(),
		active: z.number().int(),
		supervisors: z.number().int(),
		workers: z.number().int()
	}),
	restartsInWindow: z.number().int().describe('Restarts counted against intensity right now.'),
	system: z.boolean()
});

/** A child as a supervisor holds it. */
export const ChildRow = z.object({
	id: z.string().describe("The spec id; a DynamicSupervisor's children go by their pid."),
	pid: z.string().nullable().describe("null when not running; 'restarting' while restarted."),
	restart: z.enum(['permanent', 'transient', 'temporary']),
	shutdown: z.union([z.number().int(), z.literal('brutal_kill'), z.literal('infinity')]),
	type: z.enum(['worker', 'supervisor']),
	modules: z.array(z.string())
});

/** A live supervisor `text` names, or 404 / 422 `not_supervisor`. */
export function requireSupervisor(ctx: ArsenalContext, text: string) {
	const found = requirePid(ctx, text);
	const { behaviour } = found.info;
	if (behaviour !== 'supervisor' && behaviour !== 'dynamic_supervisor') {
		throw new ArsenalError(
			'not_supervisor',
			`${text} is ${behaviour ? `a ${behaviour}` : 'a plain process'}, not a supervisor.`,
			{ pid: text, behaviour: behaviour ?? 'none' }
		);
	}
	return found;
}

/** Flags, child counts and restart window of a supervisor, with the raw introspection. */
export async function describeSupervisor(
	ctx: ArsenalContext,
	entry: ArsenalNode,
	pid: Pid
): Promise<{ summary: z.input<typeof SupervisorSummary>; info: SupervisorInfo }> {
	const info = await supervisorInfo(entry.node, pid);
	const name = entry.node.processInfo(pid)?.name;
	let active = 0;
	let supervisors = 0;
	for (const c of info.children) {
		if (c.pid !== undefined && c.pid !== 'restarting') active++;
		if (c.type === 'supervisor') supervisors++;
	}
	const summary = {
		pid: String(pid),
		node: entry.node.name,
		...(name !== undefined && { name }),
		...(info.module !== undefined && { module: info.module }),
		dynamic: info.dynamic,
		strategy: info.strategy,
		intensity: info.intensity,
		period: info.period,
		...(info.maxChildren !== undefined && { maxChildren: info.maxChildren }),
		children: {
			specs: info.children.length,
			active,
			supervisors,
			workers: info.children.length - supervisors
		},
		restartsInWindow: info.restartsInWindow,
		system: ctx.systemPids.has(pid)
	};
	return { summary, info };
}

export function childRows(info: SupervisorInfo): Array<z.input<typeof ChildRow>> {
	return info.children.map((c) => ({
		id: c.id ?? (c.pid === undefined ? '' : String(c.pid)),
		pid: c.pid === undefined ? null : String(c.pid),
		restart: c.restart,
		shutdown: c.shutdown,
		type: c.type,
		modules: c.modules
	}));
}

/** Every live supervisor on a node, in spawn order. */
export function supervisorsOn(entry: ArsenalNode): Pid[] {
	const out: Pid[] = [];
	for (const pid of livePids(entry).pids) {
		const behaviour = entry.node.processInfo(pid)?.behaviour;
		if (behaviour === 'supervisor' || behaviour === 'dynamic_supervisor') out.push(pid);
	}
	return out;
}
