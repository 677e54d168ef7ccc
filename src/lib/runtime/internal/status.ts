/**
 * `sys:get_status/1` of a server, built inside the server between two callbacks, as
 * gen_server:format_status/2 builds OTP's `{status, Pid, {module, gen_server}, [PDict,
 * SysState, Parent, Debug, Misc]}`: who it is, whether it is suspended, its parent and
 * ancestors, the header, and the state as the module's `formatStatus` shapes it.
 */
import type { GenServerModule, ServerStatus } from '../gen_server';
import type { Pid } from '../pid';
import type { Process } from '../process';
import type { Behaviour } from '../types';

/** The behaviours that run the server loop, and so answer system requests: all but Task. */
export const SERVER_BEHAVIOURS: ReadonlySet<Behaviour> = new Set([
	'gen_server',
	'supervisor',
	'dynamic_supervisor',
	'agent',
	'registry'
]);

/**
 * Whether `p` answers system requests. A plain process or a Task never would: in OTP the
 * request waits in its mailbox until the caller's 5 s timeout; here the caller is told at once.
 */
export function answersSys(p: Process): boolean {
	return p.behaviour !== undefined && SERVER_BEHAVIOURS.has(p.behaviour);
}

/** Ancestors are walked no further than this (a chain of supervisors is never this deep). */
const maxAncestors = 64;

export function serverStatus(
	p: Process,
	mod: GenServerModule,
	state: unknown,
	suspended: boolean
): ServerStatus {
	const status: ServerStatus = {
		pid: p.self,
		behaviour: p.behaviour ?? 'gen_server',
		status: suspended ? 'suspended' : 'running',
		ancestors: ancestorsOf(p),
		header: `Status for generic server ${p.name ?? String(p.self)}`,
		state: formattedState(mod, state)
	};
	if (p.name !== undefined) status.name = p.name;
	if (p.module !== undefined) status.module = p.module;
	if (p.parent !== undefined) status.parent = p.parent;
	return status;
}

/** `'$ancestors'`: the parent, its parent and so on, while they live, up to the node's root. */
function ancestorsOf(p: Process): Pid[] {
	const ancestors: Pid[] = [];
	let parent = p.parent;
	while (parent && ancestors.length < maxAncestors) {
		ancestors.push(parent);
		parent = parent._proc?.parent;
	}
	return ancestors;
}

/**
 * The state through `formatStatus`, as OTP's format_status/1: what it answers replaces the
 * state; when it throws or answers no `{ state }`, a sentence saying so stands in for the state
 * (never the raw state, which formatStatus may exist to hide).
 */
function formattedState(mod: GenServerModule, state: unknown): unknown {
	if (typeof mod.formatStatus !== 'function') return state;
	const who = `${mod.name ?? 'the module'}.formatStatus`;
	try {
		const shaped: unknown = mod.formatStatus({ state });
		if (typeof shaped === 'object' && shaped !== null && 'state' in shaped) return shaped.state;
		return `${who} did not answer { state }`;
	} catch {
		return `${who} crashed`;
	}
}
