/**
 * The learner's inputs to the demo application, as a replay takes them: every kill, fault and
 * message that an Arsenal operation sent to a registered `Demo.*` process of the system node,
 * with the node-clock time it was asked. Read from the operations' telemetry: the start event
 * gives the time and the parameters, and the input counts once the stop event (same `params`
 * object) says the operation succeeded. Runtime worker.
 */
import type { Node } from '$lib/runtime';
import { pidOf } from '$lib/runtime/host';
import type { Metadata, Telemetry } from '$lib/arsenal/telemetry';
import {
	MAX_REPLAY_INPUTS,
	MAX_REPLAY_MS,
	type ReplayAction,
	type ReplayInput
} from '$lib/arsenal/timeline_schemas';

/** The demo application's processes are registered under names with this prefix. */
const DEMO_PREFIX = 'Demo.';
let handlers = 0;

export class InputRecorder {
	readonly #node: Node;
	readonly #telemetry: Telemetry;
	readonly #id = `superlearner.timeline.inputs.${++handlers}`;
	readonly #inputs: ReplayInput[] = [];
	/** Asked, waiting for the stop event. */
	readonly #asked = new WeakMap<object, ReplayInput>();

	constructor(node: Node, telemetry: Telemetry) {
		this.#node = node;
		this.#telemetry = telemetry;
		telemetry.attach(
			this.#id,
			['arsenal.operation.start', 'arsenal.operation.stop'],
			(event, _m, meta) =>
				event === 'arsenal.operation.start' ? this.#started(meta) : this.#stopped(meta)
		);
	}

	/** The inputs so far, oldest first (the last MAX_REPLAY_INPUTS). */
	inputs(): ReplayInput[] {
		return structuredClone(this.#inputs);
	}

	stop(): void {
		this.#telemetry.detach(this.#id);
	}

	#started(meta: Metadata): void {
		const params = meta.params as Record<string, unknown> | undefined;
		if (typeof params !== 'object' || params === null) return;
		const at = Math.round(this.#node.now());
		if (at > MAX_REPLAY_MS) return;
		const action = this.#action(String(meta.operation), params);
		if (action) this.#asked.set(params, { at, action });
	}

	#stopped(meta: Metadata): void {
		const input = this.#asked.get(meta.params as object);
		if (!input) return;
		this.#inputs.push(input);
		if (this.#inputs.length > MAX_REPLAY_INPUTS) this.#inputs.shift();
	}

	#action(operation: string, p: Record<string, unknown>): ReplayAction | undefined {
		const name = this.#demoName(p.pid);
		if (!name) return undefined;
		if (operation === 'kill_process') return { kind: 'kill', name, reason: String(p.reason) };
		if (operation === 'send_message') {
			const type = p.type as 'send' | 'cast' | 'call';
			return {
				kind: 'send',
				name,
				type,
				message: p.message as Extract<ReplayAction, { kind: 'send' }>['message']
			};
		}
		if (operation !== 'inject_fault') return undefined;
		const kind = p.kind as string;
		if (kind === 'crash' || kind === 'throw') {
			return { kind: 'fault', name, fault: { kind, reason: String(p.reason) } };
		}
		if (kind === 'delay') {
			return { kind: 'fault', name, fault: { kind, count: Number(p.count), ms: Number(p.ms) } };
		}
		return { kind: 'fault', name, fault: { kind: 'drop', count: Number(p.count) } };
	}

	/** The registered demo name of the process `target` (a name or a pid) on this node. */
	#demoName(target: unknown): string | undefined {
		if (typeof target !== 'string') return undefined;
		const m = /^<0\.(\d+)\.0>$/.exec(target);
		const name = m ? this.#nameOf(Number(m[1])) : this.#node.whereis(target) && target;
		return name?.startsWith(DEMO_PREFIX) ? name : undefined;
	}

	#nameOf(id: number): string | undefined {
		const pid = pidOf(this.#node, id);
		return pid && this.#node.processInfo(pid)?.name;
	}
}
