/**
 * Terms across a MessagePort: structured clone carries data, but not what a node gives meaning
 * by identity — pids, refs and the call protocol's messages. This codec tags those on the way
 * out and makes them again on the way in, interned, so a pid or a call's tag that comes back
 * is the very object that left (`===` still matches a reply to its call).
 *
 * ```ts
 * const wire = codec.encode({ from: ctx.self });  // { from: { '\u0001t': 'pid', n: 1, i: 7 } }
 * codec.decode(wire);                             // { from: <1.7.0> } — the same Pid object
 * ```
 */
import { BadargError, type Node } from '$lib/runtime';
import {
	CallReply,
	CallRequest,
	CastRequest,
	isPid,
	isRef,
	localPid,
	nodeNumber,
	Pid,
	Ref
} from '$lib/runtime/host';

/** The key of a tagged term; no learner's object has it by accident. */
const TAG = '\u0001t';
/** Deeper than this is a cycle, or near enough: a badarg rather than a stack overflow. */
const MAX_DEPTH = 64;

type Tagged = { [TAG]: string; [key: string]: unknown };

/** Objects kept by weak reference and found by key: what a node has handed out and gets back. */
class WeakTable<T extends object> {
	readonly #byKey = new Map<number, WeakRef<T>>();
	readonly #gone = new FinalizationRegistry<number>((key) => {
		if (this.#byKey.get(key)?.deref() === undefined) this.#byKey.delete(key);
	});

	get(key: number): T | undefined {
		return this.#byKey.get(key)?.deref();
	}

	set(key: number, value: T): T {
		this.#byKey.set(key, new WeakRef(value));
		this.#gone.register(value, key);
		return value;
	}

	/** The object kept for `key`, or `make()` kept from now on. */
	intern(key: number, make: () => T): T {
		return this.get(key) ?? this.set(key, make());
	}
}

/** Pid and ref keys: node number and id in one safe integer. */
const key = (node: number, id: number) => node * 2 ** 32 + id;

export class TermCodec {
	readonly #node: Node;
	readonly #number: number;
	readonly #pids = new WeakTable<Pid>();
	readonly #refs = new WeakTable<Ref>();

	constructor(node: Node) {
		this.#node = node;
		this.#number = nodeNumber(node);
	}

	/** A pid of node `number`, id `id`: the live local one, or the interned one. */
	pid(number: number, id: number): Pid {
		if (number === this.#number) {
			const live = localPid(this.#node, id);
			if (live) return live;
		}
		return this.#pids.intern(key(number, id), () => new Pid(number, id));
	}

	/** Remembers a local pid that leaves, so that it comes back as itself after it exits too. */
	#exportPid(pid: Pid): void {
		if (pid.node === this.#number) this.#pids.intern(key(pid.node, pid.id), () => pid);
	}

	ref(number: number, id: number): Ref {
		return this.#refs.intern(key(number, id), () => new Ref(number, id));
	}

	/** A local ref that leaves (a call's tag, a monitor's ref): it must come back as itself. */
	#exportRef(ref: Ref): Ref {
		return this.#refs.intern(key(ref.node, ref.id), () => ref);
	}

	/**
	 * `value` ready to post, and whether it holds tagged terms (`decode` needs to walk it only
	 * then). Throws BadargError for what cannot cross: functions, symbols, cycles.
	 */
	encode(value: unknown): { wire: unknown; tagged: boolean } {
		if (typeof value !== 'object' || value === null) {
			checkPrimitive(value);
			return { wire: value, tagged: false };
		}
		// Most messages hold no pid: one walk that allocates nothing, and structured clone's copy.
		if (!holdsTerms(value, 0)) return { wire: value, tagged: false };
		return { wire: this.#encode(value), tagged: true };
	}

	/** A copy of `value` with its terms tagged (holdsTerms has checked what cannot cross). */
	#encode(value: unknown): unknown {
		if (typeof value !== 'object' || value === null) return value;
		const enc = (v: unknown) => this.#encode(v);
		if (isPid(value)) {
			this.#exportPid(value);
			return { [TAG]: 'pid', n: value.node, i: value.id };
		}
		if (isRef(value)) {
			this.#exportRef(value);
			return { [TAG]: 'ref', n: value.node, i: value.id };
		}
		if (value instanceof CallRequest) {
			const { pid, tag } = value.from;
			return { [TAG]: 'call', pid: enc(pid), tag: enc(tag), request: enc(value.request) };
		}
		if (value instanceof CallReply) {
			return { [TAG]: 'reply', tag: enc(value.tag), value: enc(value.value) };
		}
		if (value instanceof CastRequest) {
			return { [TAG]: 'cast', message: enc(value.message) };
		}
		if (Array.isArray(value)) return value.map(enc);
		if (value instanceof Map) return new Map([...value].map(([k, v]) => [enc(k), enc(v)]));
		if (value instanceof Set) return new Set([...value].map(enc));
		if (opaque(value)) return value;
		const out: Record<string, unknown> = {};
		for (const k of Object.keys(value)) out[k] = enc((value as Record<string, unknown>)[k]);
		return out;
	}

	/** A posted value as a term of this node: tagged terms made again, interned. */
	decode(wire: unknown): unknown {
		if (typeof wire !== 'object' || wire === null) return wire;
		if (Array.isArray(wire)) return wire.map((v) => this.decode(v));
		if (wire instanceof Map)
			return new Map([...wire].map(([k, v]) => [this.decode(k), this.decode(v)]));
		if (wire instanceof Set) return new Set([...wire].map((v) => this.decode(v)));
		if (Object.getPrototypeOf(wire) !== Object.prototype) return wire;
		const tag = (wire as Tagged)[TAG];
		if (tag !== undefined) return this.#decodeTagged(wire as Tagged);
		const out: Record<string, unknown> = {};
		for (const k of Object.keys(wire)) out[k] = this.decode((wire as Record<string, unknown>)[k]);
		return out;
	}

	#decodeTagged(wire: Tagged): unknown {
		switch (wire[TAG]) {
			case 'pid':
				return this.pid(wire.n as number, wire.i as number);
			case 'ref':
				return this.ref(wire.n as number, wire.i as number);
			case 'call':
				return new CallRequest(
					{ pid: this.decode(wire.pid) as Pid, tag: this.decode(wire.tag) as Ref },
					this.decode(wire.request)
				);
			case 'reply':
				return new CallReply(this.decode(wire.tag) as Ref, this.decode(wire.value));
			case 'cast':
				return new CastRequest(this.decode(wire.message));
			default:
				return wire;
		}
	}
}

/** Objects posted as they are: structured clone knows them, and they hold no terms. */
function opaque(value: object): boolean {
	return (
		value instanceof Date ||
		value instanceof RegExp ||
		value instanceof Error ||
		value instanceof ArrayBuffer ||
		ArrayBuffer.isView(value)
	);
}

/**
 * Whether `value` holds a pid, a ref or a call's message; throws BadargError for what cannot
 * cross (a function, a symbol, nesting past MAX_DEPTH — a cycle, or near enough).
 */
function holdsTerms(value: unknown, depth: number): boolean {
	if (typeof value !== 'object' || value === null) {
		checkPrimitive(value);
		return false;
	}
	if (depth > MAX_DEPTH) {
		throw new BadargError('a message nested too deep (a cycle?) cannot be sent to another node');
	}
	if (isPid(value) || isRef(value)) return true;
	if (value instanceof CallRequest || value instanceof CallReply || value instanceof CastRequest) {
		return true;
	}
	if (opaque(value)) return false;
	const next = depth + 1;
	let found = false;
	const visit = (v: unknown) => (found = holdsTerms(v, next) || found);
	if (Array.isArray(value)) value.forEach(visit);
	else if (value instanceof Map) value.forEach((v, k) => (visit(k), visit(v)));
	else if (value instanceof Set) value.forEach(visit);
	else for (const k of Object.keys(value)) visit((value as Record<string, unknown>)[k]);
	return found;
}

function checkPrimitive(value: unknown): void {
	if (typeof value === 'function' || typeof value === 'symbol') {
		throw new BadargError(
			`a ${typeof value} cannot be sent to another node: only data, pids and refs cross nodes`
		);
	}
}
