/**
 * What a Supervisor's or a DynamicSupervisor's status shows of its state: their `formatStatus`,
 * as OTP's supervisor:format_status/2. A learner sees the flags, the children with their specs
 * and the restarts, never the init args or a spec's start function (closures of the runtime's
 * or the learner's, which serialize as `#Fun<…>` and say nothing).
 *
 * ```ts
 * (await GenServer.getStatus(node, sup)).state; // { module, strategy, intensity, period, children, restarts }
 * ```
 */
import type { DynamicState } from './dynamic_supervisor';
import type { SupervisedChild } from './introspection';
import type { FullChildSpec, SupFlags } from './supervision';
import type { SupervisorState } from './supervisor';

export interface SupervisorStatusState {
	module?: string;
	strategy: SupFlags['strategy'];
	intensity: number;
	/** Seconds. */
	period: number;
	/** A DynamicSupervisor's limit on children. */
	maxChildren?: number | 'infinity';
	children: SupervisedChild[];
	/** The restarts counted towards intensity, as the supervisor keeps them. */
	restarts: SupervisorState['restarts'];
}

export function supervisorStatus(state: SupervisorState): { state: SupervisorStatusState } {
	return {
		state: {
			...(state.module !== undefined && { module: state.module }),
			...state.flags,
			children: state.children.map((c) => supervisedChild(c.spec, c.pid, false)),
			restarts: state.restarts
		}
	};
}

/** A DynamicSupervisor restarts one for one; its children have no id of their own. */
export function dynamicSupervisorStatus(state: DynamicState): { state: SupervisorStatusState } {
	const { intensity, period, maxChildren, restarts } = state;
	return {
		state: {
			strategy: 'one_for_one',
			intensity,
			period,
			maxChildren,
			children: state.children.map((c) => supervisedChild(c.spec, c.pid, true)),
			restarts
		}
	};
}

function supervisedChild(
	spec: FullChildSpec,
	pid: SupervisedChild['pid'],
	dynamic: boolean
): SupervisedChild {
	const { restart, shutdown, type, modules } = spec;
	return { id: dynamic ? undefined : spec.id, pid, restart, shutdown, type, modules };
}
