/**
 * A page's supervision forest: by default every supervision tree of the node, read through
 * Arsenal (`list_supervisors` finds the roots and flags, `get_supervision_tree` reads each
 * root), or what a given reader reads (a sandbox's one tree); kept live by the event stream
 * between reads, and what the learner opened or closed.
 */
import type { ArsenalClient } from '$lib/observer/arsenal_client';
import type { EventBatch } from '$lib/stream/events';
import { readForest } from './forest';
import { Pacer } from '$lib/observer/pacer';
import { StormWatch } from './storms';
import { realTimers, type Timers } from '$lib/common/timers';
import { SupervisionModel, type TreeSnapshot } from './supervision_model';
import {
	buildView,
	groupKey,
	isGroupKey,
	revealPath,
	search,
	toggled,
	withAll,
	withoutAll,
	type ViewOptions
} from './supervision_view';

/** Reads the forest's roots with their trees. */
export type ForestReader = (arsenal: ArsenalClient) => Promise<TreeSnapshot[]>;

/** The least time between two redraws that events cause (the first of a quiet spell is at once). */
const REDRAW_GAP_MS = 100;
/** After a redraw that showed a storm, another this much later shows whether it has passed. */
const STORM_CHECK_MS = 1000;

export class SupervisionState {
	readonly model = new SupervisionModel();
	readonly #readForest: ForestReader;
	#version = $state(0);
	collapsed = $state.raw<ReadonlySet<string>>(withAll([], []));
	expandedGroups = $state.raw<ReadonlySet<string>>(withAll([], []));
	status = $state<'loading' | 'ready' | 'error'>('loading');
	error = $state<string | null>(null);
	view = $derived.by(() => {
		void this.#version;
		return buildView(this.model, this.#options());
	});

	#reading = false;
	#again = false;
	#timer: ReturnType<typeof setTimeout> | undefined;
	/** The timer's read is skipped if the trace has accounted for everything by then. */
	#timerIfStale = false;
	#lastRead = 0;
	readonly #redraw: Pacer;
	readonly #timers: Timers;
	readonly #storms = new StormWatch();
	/** The nodes restarting too fast to read, as of the last redraw (a redraw replaces it). */
	#storming: ReadonlySet<string> = withAll([], []);
	#stormCheck: unknown;

	constructor(
		readForestWith: ForestReader = readForest,
		opts: { redrawGapMs?: number; clock?: Timers } = {}
	) {
		this.#readForest = readForestWith;
		this.#timers = opts.clock ?? realTimers;
		this.#redraw = new Pacer(
			() => this.#redrawNow(),
			opts.redrawGapMs ?? REDRAW_GAP_MS,
			this.#timers
		);
	}

	#options(): ViewOptions {
		return {
			collapsed: this.collapsed,
			expandedGroups: this.expandedGroups,
			storming: this.#storming
		};
	}

	#redrawNow(): void {
		this.#storming = this.#storms.look(this.model, this.#timers.now());
		this.#version++;
		if (this.#stormCheck !== undefined) this.#timers.clearTimeout(this.#stormCheck);
		this.#stormCheck = undefined;
		if (this.#storming.size === 0) return;
		this.#stormCheck = this.#timers.setTimeout(() => {
			this.#stormCheck = undefined;
			this.#redraw.request();
		}, STORM_CHECK_MS);
	}

	/** Reads the forest now (or once the read in flight ends). */
	async read(arsenal: ArsenalClient): Promise<void> {
		if (this.#reading) {
			this.#again = true;
			return;
		}
		this.#reading = true;
		this.model.reading();
		try {
			const forest = await this.#readForest(arsenal);
			this.model.applySnapshot(forest);
			this.#version++;
			this.status = 'ready';
			this.error = null;
		} catch (error) {
			this.error = error instanceof Error ? error.message : String(error);
			if (this.status === 'loading') this.status = 'error';
		} finally {
			this.#reading = false;
			this.#lastRead = performance.now();
			if (this.#again) {
				this.#again = false;
				this.readSoon(arsenal);
			}
		}
	}

	/**
	 * Reads again soon, a few times a second at most however often it is asked. With `ifStale`,
	 * the read is skipped if by then the trace has accounted for what made the forest stale (a
	 * child's spawn, then the restart that placed it, may come in two batches).
	 */
	readSoon(arsenal: ArsenalClient, opts: { gapMs?: number; ifStale?: boolean } = {}): void {
		const ifStale = opts.ifStale === true;
		if (this.#timer !== undefined) {
			this.#timerIfStale &&= ifStale;
			return;
		}
		this.#timerIfStale = ifStale;
		const wait = Math.max(0, this.#lastRead + (opts.gapMs ?? 250) - performance.now());
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			if (this.#timerIfStale && !this.model.stale) return;
			void this.read(arsenal);
		}, wait);
	}

	stop(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#redraw.cancel();
		if (this.#stormCheck !== undefined) this.#timers.clearTimeout(this.#stormCheck);
		this.#stormCheck = undefined;
	}

	/**
	 * Applies a frame's events; true when the forest should be read again. The drawing follows
	 * at once, or — while events keep coming — at most once per REDRAW_GAP_MS; a node restarting
	 * too fast to read shows as such (see storms.ts) until a redraw finds its storm over.
	 */
	apply(batches: readonly EventBatch[]): boolean {
		let changed = false;
		for (const b of batches) {
			changed = this.model.applyEvents(b.events).changed || changed;
			if (b.dropped > 0) this.model.missed();
		}
		if (changed) this.#redraw.request();
		return this.model.stale;
	}

	/** Applies a frame's events, and reads the forest again soon if they leave it stale. */
	follow(batches: readonly EventBatch[], arsenal: ArsenalClient): void {
		if (this.apply(batches)) this.readSoon(arsenal, { ifStale: true });
	}

	/**
	 * Shows at once what terminate_child answered (see SupervisionModel.childTerminated), and
	 * reads the forest again soon to confirm it.
	 */
	terminated(
		answer: { supervisor: string; id: string; deleted: boolean },
		arsenal: ArsenalClient
	): void {
		if (this.model.childTerminated(answer.supervisor, answer.id, answer.deleted)) this.#version++;
		this.readSoon(arsenal, { gapMs: 0 });
	}

	/** Opens or closes a subtree; a group key unfolds (or folds) its DynamicSupervisor's children. */
	toggle(key: string): void {
		if (isGroupKey(key)) {
			const sup = key.slice(0, -groupKey('').length);
			this.expandedGroups = toggled(this.expandedGroups, sup);
		} else if (this.expandedGroups.has(key) && !this.collapsed.has(key)) {
			// A pool shown in full folds back into its group before it collapses.
			this.expandedGroups = toggled(this.expandedGroups, key);
		} else {
			this.collapsed = toggled(this.collapsed, key);
		}
	}

	collapseAll(): void {
		const inner = [...this.model.walk()].filter(
			(n) => n.kind === 'supervisor' && n.children.length && n.parent !== null
		);
		this.collapsed = withAll(
			[],
			inner.map((n) => n.key)
		);
	}

	expandAll(): void {
		this.collapsed = withAll([], []);
	}

	/** The next node matching `query` after `after`, opened so that it shows; its key. */
	find(query: string, after: string | null): string | null {
		const found = search(this.model, query, this.#options(), after);
		if (!found) return null;
		this.#open(found);
		return found.key;
	}

	/** Opens what hides `key` (a URL named it). */
	reveal(key: string): void {
		this.#open(revealPath(this.model, key, this.#options()));
	}

	#open({ expand, expandGroup }: { expand: string[]; expandGroup: string | null }): void {
		if (expand.length) this.collapsed = withoutAll(this.collapsed, expand);
		if (expandGroup) this.expandedGroups = withAll(this.expandedGroups, [expandGroup]);
	}
}
