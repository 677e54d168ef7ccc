/**
 * Arsenal's own actions, waiting for the restart they cause: a kill or a fault names the process
 * that will exit (the restart's old pid), a restart or terminate asked of a supervisor names it
 * and the child. An action is the cause of the first matching restart within
 * {@link CAUSE_WINDOW_MS}; the siblings a one_for_all or rest_for_one supervisor restarts in the
 * same pass (at the same time) share it: those after it here, those before it through
 * `AnalyticsStore.shareCause`. Pure (any thread); times are epoch ms.
 */
import type { Cause } from '$lib/arsenal/analytics_schemas';

/** How long an action waits for its restart: a sandbox's batches arrive a frame or so later. */
export const CAUSE_WINDOW_MS = 5_000;

/** What an action acted on: a process, or one child of a supervisor. */
export interface ActionTarget {
	node: string;
	/** The process (a canonical pid), or the supervisor when `childId` is set. */
	pid: string;
	childId?: string;
}

export interface PendingAction {
	target: ActionTarget;
	cause: Cause;
	/** Epoch ms. */
	at: number;
}

/** The restart being explained. */
export interface RestartKey {
	node: string;
	supervisor: string;
	childId: string;
	oldPid?: string;
	/** Epoch ms: the restarts of one pass share it. */
	at: number;
}

export class PendingActions {
	#pending: PendingAction[] = [];
	/** The last cause found per supervisor, for the siblings restarted in the same pass. */
	readonly #lastPass = new Map<string, { at: number; cause: Cause; children: Set<string> }>();

	note(action: PendingAction): void {
		this.#expire(action.at);
		this.#pending.push(action);
	}

	/** The cause of this restart, if an action asked for it (the action is then used up). */
	causeOf(r: RestartKey): Cause | undefined {
		this.#expire(r.at);
		const passKey = `${r.node} ${r.supervisor}`;
		const i = this.#pending.findIndex(({ target: t }) =>
			t.node !== r.node
				? false
				: t.childId === undefined
					? t.pid === r.oldPid
					: t.pid === r.supervisor && t.childId === r.childId
		);
		if (i >= 0) {
			const [{ cause }] = this.#pending.splice(i, 1);
			this.#lastPass.set(passKey, { at: r.at, cause, children: new Set([r.childId]) });
			return cause;
		}
		// A pass restarts each child once: the same child again is another restart.
		const pass = this.#lastPass.get(passKey);
		if (pass?.at !== r.at || pass.children.has(r.childId)) return undefined;
		pass.children.add(r.childId);
		return pass.cause;
	}

	get size(): number {
		return this.#pending.length;
	}

	#expire(now: number): void {
		if (this.#pending.length && now - this.#pending[0].at > CAUSE_WINDOW_MS) {
			this.#pending = this.#pending.filter((a) => now - a.at <= CAUSE_WINDOW_MS);
		}
	}
}
