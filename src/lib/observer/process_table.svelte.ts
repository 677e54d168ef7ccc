/**
 * The /processes page's state: every live process as a row, read through `list_processes` a
 * page of 1,000 at a time, then sorted and filtered here so that any column sorts and the filter
 * answers as you type. Exits seen in the event stream remove their rows at once; a full read
 * (every second while the page shows) brings in new processes and fresh figures.
 */
import { sortRows, type SortSpec } from './table_model';
import type { ArsenalClient } from './arsenal_client';
import type { EventBatch } from '$lib/stream/events';
import {
	columnById,
	filterRows,
	mergeRead,
	PROCESS_COLUMNS,
	readAllProcesses,
	withoutExited,
	type ListedProcess,
	type TableRow
} from './process_rows';

const PER_PAGE = 1000;

export class ProcessTable {
	#rows = $state.raw<TableRow[]>([]);
	sort = $state<SortSpec>({ column: 'pid', dir: 'asc' });
	query = $state('');
	status = $state<'loading' | 'ready' | 'error'>('loading');
	error = $state<string | null>(null);
	/** How long the last full read took, ms. */
	readMs = $state(0);
	/** Parents the page learnt (from spawn events or process info); a parent never changes. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache rows are built from, not state
	readonly #parents = new Map<string, string>();

	#filtered = $derived(filterRows(this.#rows, this.query));
	view = $derived.by(() => {
		const column = columnById(this.sort.column) ?? PROCESS_COLUMNS[0];
		return sortRows(this.#filtered, column.key, this.sort.dir);
	});

	/** Live processes, before the filter. */
	get total(): number {
		return this.#rows.length;
	}

	/** Reads every process again. */
	async refresh(arsenal: ArsenalClient): Promise<void> {
		const started = performance.now();
		try {
			const rows = await readAllProcesses((page) =>
				arsenal.listProcesses({ page, perPage: PER_PAGE })
			);
			this.setRows(rows);
			this.readMs = performance.now() - started;
			this.status = 'ready';
			this.error = null;
		} catch (error) {
			this.error = error instanceof Error ? error.message : String(error);
			if (this.status === 'loading') this.status = 'error';
		}
	}

	/** Takes a fresh read; the rows become the table's own (they are changed in place). */
	setRows(rows: ListedProcess[]): void {
		this.#rows = mergeRead(rows, this.#rows, this.#parents);
	}

	/** Removes the rows of processes that exited; notes the parents of those that started. */
	apply(batches: readonly EventBatch[]): void {
		const kept = withoutExited(this.#rows, batches, this.#parents);
		if (kept !== this.#rows) this.#rows = kept;
	}

	/** Pids among `rows` whose parent is not known yet. */
	missingParents(rows: readonly TableRow[]): string[] {
		return rows.filter((r) => r.parent === undefined).map((r) => r.pid);
	}

	/** Records parents read for some rows, and shows them. */
	setParents(parents: ReadonlyMap<string, string>): void {
		if (parents.size === 0) return;
		for (const [pid, parent] of parents) this.#parents.set(pid, parent);
		this.#rows = this.#rows.map((r) => {
			const parent = parents.get(r.pid);
			return parent === undefined || r.parent === parent ? r : { ...r, parent };
		});
	}
}
