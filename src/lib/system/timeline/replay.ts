/**
 * Replay: with the virtual clock and a seed a run is deterministic, so a recording — the demo
 * application, a seed, the learner's inputs at node-clock times, a duration — can be run again
 * from the start and its event log compared with the first run's. A run starts the program in a
 * fresh virtual-clock node, advances to each input's time, applies it, advances to the end, and
 * keeps every event of the node (as the timeline stores them, pids as text; no samples, which
 * depend on when a pass runs, not on the program). Runtime worker (any thread: no DOM).
 *
 * ```ts
 * const outcome = await replay({ seed: 7, program: 'demo', inputs, durationMs: 60_000 });
 * outcome.identical; // true, or outcome.firstDifference says where the logs part
 * ```
 */
import { createNode, type Node } from '$lib/runtime';
import { injectFault } from '$lib/runtime/host';
import { ArsenalError } from '$lib/arsenal/errors';
import type {
	Recording,
	ReplayAction,
	ReplayOutcome,
	TimelineEvent
} from '$lib/arsenal/timeline_schemas';
import { startDemoApp } from '$lib/system/demo_app';
import { nodeTimeline } from './sources';

/** A run's log may hold this many events; past it the run is refused, not cut. */
export const MAX_LOG_EVENTS = 2_000_000;

/** Runs `recording` once and returns its event log. */
export async function record(recording: Recording): Promise<TimelineEvent[]> {
	const node = createNode({ name: 'replay@superlearner', clock: 'virtual', seed: recording.seed });
	const { timeline, stop } = nodeTimeline(node, { capacity: MAX_LOG_EVENTS, sample: false });
	try {
		await startDemoApp(node, { seed: recording.seed });
		const inputs = [...recording.inputs].sort((a, b) => a.at - b.at);
		for (const { at, action } of inputs) {
			if (at > node.now()) await node.advance(at - node.now());
			apply(node, action);
			await node.settle();
		}
		await node.advance(Math.max(0, recording.durationMs - node.now()));
		if (timeline.evicted > 0) {
			throw new ArsenalError(
				'validation_failed',
				`The run made more than ${MAX_LOG_EVENTS} events; replay a shorter one.`,
				{ durationMs: recording.durationMs }
			);
		}
		return timeline.log();
	} finally {
		stop();
		await node.shutdown();
	}
}

/** Applies an input as Arsenal's operation would; an input naming no live process does nothing. */
function apply(node: Node, action: ReplayAction): void {
	const pid = node.whereis(action.name);
	if (!pid) return;
	if (action.kind === 'kill') node.exit(pid, action.reason);
	else if (action.kind === 'fault') injectFault(node, pid, action.fault);
	else if (action.type === 'send') node.send(pid, action.message);
	else if (action.type === 'cast') node.cast(pid, action.message);
	// A call's reply (or its failure) is not the input's business: only what it does to the node.
	else node.call(pid, action.message).catch(() => undefined);
}

/** SHA-256 of a log, one JSON line per event, as hex. */
export async function digest(log: readonly TimelineEvent[]): Promise<string> {
	const text = log.map((e) => JSON.stringify(e)).join('\n');
	const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Where two logs first differ, or undefined when they are identical. */
export function firstDifference(
	reference: readonly TimelineEvent[],
	replayed: readonly TimelineEvent[]
): ReplayOutcome['firstDifference'] {
	const length = Math.max(reference.length, replayed.length);
	for (let index = 0; index < length; index++) {
		const a = reference[index];
		const b = replayed[index];
		if (a && b && JSON.stringify(a) === JSON.stringify(b)) continue;
		return { index, reference: a ?? null, replay: b ?? null };
	}
	return undefined;
}

/** What a replay is compared with: a reference log's digest, or the log itself. */
export type Reference = { digest: string } | { log: readonly TimelineEvent[] };

/**
 * Runs `recording` and compares its log with `reference`; without one, runs it twice (the
 * record run, then the replay). Only a log (not a digest) tells where the two first differ.
 */
export async function replay(recording: Recording, reference?: Reference): Promise<ReplayOutcome> {
	const base =
		reference === undefined
			? await record(recording)
			: 'log' in reference
				? reference.log
				: undefined;
	const log = await record(recording);
	const logDigest = await digest(log);
	const expected = base ? await digest(base) : (reference as { digest: string }).digest;
	const difference = base ? firstDifference(base, log) : undefined;
	return {
		identical: logDigest === expected,
		events: log.length,
		digest: logDigest,
		referenceDigest: expected,
		...(difference && { firstDifference: difference }),
		seed: recording.seed,
		durationMs: recording.durationMs,
		inputs: recording.inputs
	};
}
