/**
 * Pids and refs: opaque, interned values. The same process always gives the same `Pid`
 * object, so pids compare with `===`; `String(pid)` is `'<N.I.0>'` as in Erlang.
 *
 * ```ts
 * const pid = node.spawn(body);
 * String(pid); // '<0.1.0>'
 * ```
 */
import type { Process } from './process';

/** A process identifier. Interned: compare with `===`. */
export class Pid {
	/** @internal The live process, cleared when it exits so that its state can be collected. */
	_proc: Process | undefined;

	/** @internal Pids are made by nodes only. */
	constructor(
		readonly node: number,
		readonly id: number
	) {}

	toString(): string {
		return `<${this.node}.${this.id}.0>`;
	}

	toJSON(): string {
		return this.toString();
	}
}

/** A unique reference (`make_ref()`), used for monitors and call tags. */
export class Ref {
	/** @internal For a monitor: the watching process. */
	_watcher: Process | undefined;
	/** @internal For a monitor: the watched process. */
	_target: Process | undefined;
	/** @internal For a monitor set by name: the name, reported in the DOWN message. */
	_name: string | undefined;
	/** @internal Neighbours in the watcher's list of monitors it holds. */
	_wPrev: Ref | undefined;
	_wNext: Ref | undefined;
	/** @internal Neighbours in the target's list of monitors held on it. */
	_tPrev: Ref | undefined;
	_tNext: Ref | undefined;

	/** @internal Refs are made by nodes only. */
	constructor(
		readonly node: number,
		readonly id: number
	) {}

	toString(): string {
		return `#Ref<${this.node}.${this.id}>`;
	}

	toJSON(): string {
		return this.toString();
	}
}

/** True for a pid, false for anything else. */
export function isPid(value: unknown): value is Pid {
	return value instanceof Pid;
}

/** True for a ref, false for anything else. */
export function isRef(value: unknown): value is Ref {
	return value instanceof Ref;
}

const pidPattern = /^<?(\d+)\.(\d+)\.(\d+)>?$/;

/** Parses `'<0.42.0>'` or `'0.42.0'` into node and id numbers; undefined if it is not a pid. */
export function parsePidString(text: string): { node: number; id: number } | undefined {
	const m = pidPattern.exec(text);
	if (!m || m[3] !== '0') return undefined;
	return { node: Number(m[1]), id: Number(m[2]) };
}
