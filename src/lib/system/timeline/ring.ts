/**
 * The event ring of one node's timeline: a fixed number of slots, struct-of-arrays, the oldest
 * event overwritten by the newest once it is full. Pids are numbers (`node · 2³² + id`), times
 * float64; the few strings and the rare records (a name, a reason, a restart's child id, a
 * sample) sit in one side column. A message event costs five numbers and no object, so 100,000
 * events hold in about 3.5 MB. Every event has a `seq`, 0, 1, 2… in arrival order, which stays
 * its number after older ones are evicted. Pure: any thread.
 */
import type { MessageKind, Sample } from '$lib/arsenal/timeline_schemas';
import { MESSAGE_KINDS } from '$lib/arsenal/timeline_schemas';

/** The event types, as stored in the `type` column. */
export const T = {
	spawn: 1,
	exit: 2,
	link: 3,
	unlink: 4,
	register: 5,
	unregister: 6,
	restart: 7,
	report: 8,
	send: 9,
	receive: 10,
	messages: 11,
	sample: 12,
	reset: 13,
	nodeup: 14,
	nodedown: 15
} as const;
export type TypeCode = (typeof T)[keyof typeof T];

/** No pid in a pid column. */
export const NONE = -1;
const NODE_SHIFT = 2 ** 32;

export const pidKey = (node: number, id: number): number => node * NODE_SHIFT + id;
export const pidText = (key: number): string => {
	const node = Math.floor(key / NODE_SHIFT);
	return `<${node}.${key - node * NODE_SHIFT}.0>`;
};
/** The key of a `'<N.I.0>'` text; NONE for anything else. */
export function keyOfText(text: string | undefined): number {
	const m = text === undefined ? null : /^<(\d+)\.(\d+)\.\d+>$/.exec(text);
	return m ? pidKey(Number(m[1]), Number(m[2])) : NONE;
}

export const kindCode = (kind: MessageKind): number => MESSAGE_KINDS.indexOf(kind);
export const kindOf = (code: number): MessageKind => MESSAGE_KINDS[code];

/** What a restart keeps beside its three pids. */
export interface RestartDetail {
	childId: string;
	reason: string;
	intensity?: number;
	period?: number;
	/** Restarts the event stands for (a sandbox's relay coalesces a child's restarts). */
	count: number;
	/** A sibling restarted along with the child that exited: it does not count for the gauge. */
	counted?: false;
}

/** What a nodeup or nodedown keeps: the other node, and why a connection went down. */
export interface NodeChange {
	node: string;
	reason?: string;
}

/** The side column's records, by event type. */
export type Extra = string | RestartDetail | Sample | NodeChange | undefined;

export class EventRing {
	readonly capacity: number;
	readonly type: Uint8Array;
	readonly at: Float64Array;
	/** pid, from, link's a, supervisor, messages sent. */
	readonly a: Float64Array;
	/** parent, to, link's b, new pid, messages received. */
	readonly b: Float64Array;
	/** old pid, message kind. */
	readonly c: Float64Array;
	readonly extra: Extra[];
	/** The seq of the oldest event held. */
	first = 0;
	/** The seq the next event gets. */
	next = 0;

	constructor(capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`bad capacity ${capacity}`);
		this.capacity = capacity;
		this.type = new Uint8Array(capacity);
		this.at = new Float64Array(capacity);
		this.a = new Float64Array(capacity);
		this.b = new Float64Array(capacity);
		this.c = new Float64Array(capacity);
		this.extra = new Array<Extra>(capacity).fill(undefined);
	}

	get size(): number {
		return this.next - this.first;
	}

	get full(): boolean {
		return this.size === this.capacity;
	}

	/** The slot of a held seq. */
	slot(seq: number): number {
		return seq % this.capacity;
	}

	/**
	 * Stores an event in the next slot; the ring must not be full (evict first). Times never go
	 * back (seeking searches them): an event stamped earlier than the last takes the last's time.
	 */
	push(type: TypeCode, at: number, a: number, b: number, c: number, extra?: Extra): number {
		if (this.full) throw new Error('the ring is full: evict first');
		const i = this.slot(this.next);
		this.type[i] = type;
		this.at[i] = this.size ? Math.max(at, this.at[this.slot(this.next - 1)]) : at;
		this.a[i] = a;
		this.b[i] = b;
		this.c[i] = c;
		this.extra[i] = extra;
		return this.next++;
	}

	/** Forgets the oldest event. */
	evict(): void {
		if (this.size === 0) return;
		this.extra[this.slot(this.first)] = undefined;
		this.first++;
	}

	/** The first held seq whose time is after `t` (`next` when none is). */
	firstAfter(t: number): number {
		let lo = this.first;
		let hi = this.next;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.at[this.slot(mid)] <= t) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** The first held seq whose time is `t` or later. */
	firstAtOrAfter(t: number): number {
		let lo = this.first;
		let hi = this.next;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.at[this.slot(mid)] < t) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	atOf(seq: number): number {
		return this.at[this.slot(seq)];
	}
}
