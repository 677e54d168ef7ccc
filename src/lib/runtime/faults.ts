/**
 * Fault injection, for learners to see supervision at work (and for Arsenal's
 * `POST /processes/:pid/faults`). Not part of the OTP contract: a teaching tool.
 *
 * ```ts
 * injectFault(node, pid, { kind: 'drop', count: 3 });      // the next 3 messages vanish
 * injectFault(node, pid, { kind: 'throw', reason: 'oops' }); // the next callback throws
 * ```
 */
import type { NodeImpl } from './node';
import type { Pid } from './pid';
import type { Node } from './types';

export type Fault =
	/** The process exits now with `reason` (an exit signal from outside). */
	| { kind: 'crash'; reason: unknown }
	/** The next message a behaviour handles makes its callback throw `reason`. */
	| { kind: 'throw'; reason: unknown }
	/** The next `count` messages arrive `ms` late. */
	| { kind: 'delay'; count: number; ms: number }
	/** The next `count` messages are lost. */
	| { kind: 'drop'; count: number };

/** Faults armed on one process, consumed as messages arrive. */
export interface ArmedFaults {
	throwNext?: { reason: unknown };
	drop: number;
	delay: number;
	delayMs: number;
}

/** Arms a fault on a live process of this node; false when there is no such process. */
export function injectFault(node: Node, pid: Pid, fault: Fault): boolean {
	const n = node as NodeImpl;
	const p = n.resolve(pid);
	if (!p) return false;
	if (fault.kind === 'crash') {
		n.exit(pid, fault.reason);
		return true;
	}
	const armed = (p.faults ??= { drop: 0, delay: 0, delayMs: 0 });
	if (fault.kind === 'throw') armed.throwNext = { reason: fault.reason };
	else if (fault.kind === 'drop') armed.drop += fault.count;
	else {
		armed.delay += fault.count;
		armed.delayMs = fault.ms;
	}
	return true;
}
