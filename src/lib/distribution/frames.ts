/**
 * The frames of the distribution protocol, as they travel: a batch is one flat array of frames,
 * each an op code and its fixed number of fields (cheaper to clone than an array per frame).
 * Pids of the sending node travel as their id (the receiver knows whose they are), pids of the
 * receiving node as theirs; names as strings; messages and reasons through the codec.
 */
/** [from id, to id | name, message] */
export const OP_SEND = 1;
/** As OP_SEND, with a message that holds tagged terms (pids, refs, calls): decoded on arrival. */
export const OP_SEND_TAGGED = 2;
/** [from id, to id] */
export const OP_LINK = 3;
export const OP_UNLINK = 4;
/** [from id, to id, reason]: a linked process exited. */
export const OP_LINK_EXIT = 5;
/** [from id, to id, reason]: erlang:exit/2. */
export const OP_EXIT = 6;
/** [watcher id, target id | name, ref id] */
export const OP_MONITOR = 7;
/** [watcher id, ref id] */
export const OP_DEMONITOR = 8;
/** [watcher id, ref id, reason]: the monitored process exited (or never was). */
export const OP_DOWN = 9;
/** [reason]: the sender closes the connection. */
export const OP_DISCONNECT = 10;
/** []: the sender is alive (net_kernel's tick), sent when nothing else went for a while. */
export const OP_TICK = 11;

const ARITY = [0, 3, 3, 2, 2, 3, 3, 3, 2, 3, 1, 0];

/** How many fields follow op code `op`. */
export function arityOf(op: number): number {
	return ARITY[op] ?? 0;
}

export type Frame = readonly unknown[];
