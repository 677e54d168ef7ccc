/**
 * The system analyzer: findings about the system node and every sandbox node, computed from live
 * data in the runtime worker — never polled from a page. It follows the system node's trace
 * (restarts, supervisor reports, exits, and call requests and replies for the wait-for graph),
 * the sandboxes' trace batches (SandboxTable.onBatch), and samples every node's processes once
 * a second on the system node's clock (a virtual clock samples as `advance` moves it). Each
 * sample recomputes the findings; a finding keeps its id, and the time it was first seen, for as
 * long as its condition lasts. Started and stopped with the system node (system/node.ts).
 *
 * ```ts
 * const analyzer = new Analyzer({ node, nodes: () => context.nodes, table });
 * await node.advance(60_000);
 * analyzer.findings(); // [] for a healthy tree
 * analyzer.stop();
 * ```
 */
import {
	SEVERITIES,
	type AnalyzerService,
	type Bottlenecks,
	type Finding
} from '$lib/arsenal/analyzer_schemas';
import type { ArsenalNode } from '$lib/arsenal/context';
import type { Node } from '$lib/runtime';
import { nodeTimeout } from '$lib/runtime/host';
import { toObserverEvent } from '$lib/stream/event_batcher';
import type { SandboxTable } from '$lib/system/sandboxes/table';
import { SAMPLE_MS } from './limits';
import { NodeWatch, rank } from './node_watch';
import { SupervisorPaths } from './supervisor_paths';

export interface AnalyzerOptions {
	/** The system node: its trace is followed in full, its clock drives the samples. */
	node: Node;
	/** Every node to sample, the system node first (the Arsenal context's). */
	nodes: () => readonly ArsenalNode[];
	/** Where the sandboxes' trace batches come from. */
	table?: SandboxTable;
	/** Epoch ms, for `since`; `Date.now` by default. */
	now?: () => number;
}

export class Analyzer implements AnalyzerService {
	readonly #node: Node;
	readonly #nodes: () => readonly ArsenalNode[];
	readonly #now: () => number;
	readonly #system: NodeWatch;
	readonly #watches = new Map<string, NodeWatch>();
	/** When each current finding was first seen, epoch ms. */
	#since = new Map<string, number>();
	#findings: Finding[] = [];
	#cancelSample: () => void;
	readonly #unsubscribe: Array<() => void>;

	constructor(opts: AnalyzerOptions) {
		const { node } = opts;
		this.#node = node;
		this.#nodes = opts.nodes;
		this.#now = opts.now ?? Date.now;
		this.#system = new NodeWatch(node.name, { paths: new SupervisorPaths(node) });
		this.#watches.set(node.name, this.#system);
		const calls = this.#system.calls!;
		this.#unsubscribe = [
			node.onTrace((e) => {
				calls.observe(e);
				// Exits matter only to supervisors, which are few: no reason is copied for the others.
				if (e.type === 'exit') this.#system.supervisors.exited(String(e.pid));
				else if (e.type === 'restart' || (e.type === 'report' && e.report.kind === 'supervisor')) {
					this.#system.observe(toObserverEvent(e, node.name)!);
				}
			})
		];
		if (opts.table) {
			this.#unsubscribe.push(
				opts.table.onBatch((name, batch) => {
					const watch = this.#watch(name);
					for (const e of batch.events) watch.observe(e);
				})
			);
		}
		this.#cancelSample = nodeTimeout(node, SAMPLE_MS, () => this.#tick());
	}

	nodes(): string[] {
		return this.#nodes().map((entry) => entry.node.name);
	}

	findings(): Finding[] {
		return this.#findings;
	}

	bottlenecks(limit: number, node?: string): Bottlenecks {
		const loads = [];
		const waiting = [];
		for (const watch of this.#watches.values()) {
			if (node !== undefined && watch.name !== node) continue;
			const rows = watch.rows();
			loads.push(...rows.loads);
			waiting.push(...rows.waiting);
		}
		return rank({ loads, waiting }, limit);
	}

	/** Samples every node now and recomputes the findings (the timer does this each second). */
	sample(): void {
		const entries = this.#nodes();
		const present = new Set(entries.map((entry) => entry.node.name));
		for (const [name, watch] of this.#watches) {
			// A sandbox that stopped takes what was known of it along.
			if (!present.has(name) && watch !== this.#system) this.#watches.delete(name);
		}
		const now = this.#now();
		const since = new Map<string, number>();
		const findings: Finding[] = [];
		for (const entry of entries) {
			const watch = this.#watch(entry.node.name);
			watch.sample(entry);
			const nodeNow = entry.node.now();
			for (const { at, ...draft } of watch.findings()) {
				const began = at === undefined ? now : Math.min(now, now - (nodeNow - at));
				const first = this.#since.get(draft.id) ?? began;
				since.set(draft.id, first);
				findings.push({ ...draft, since: Math.round(first) });
			}
		}
		this.#since = since;
		this.#findings = findings.sort(
			(a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.since - b.since
		);
	}

	stop(): void {
		this.#cancelSample();
		for (const unsubscribe of this.#unsubscribe) unsubscribe();
	}

	#tick(): void {
		this.#cancelSample = nodeTimeout(this.#node, SAMPLE_MS, () => this.#tick());
		this.sample();
	}

	#watch(name: string): NodeWatch {
		let watch = this.#watches.get(name);
		if (!watch) this.#watches.set(name, (watch = new NodeWatch(name)));
		return watch;
	}
}
