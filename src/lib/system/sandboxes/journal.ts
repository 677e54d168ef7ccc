/**
 * What the runtime worker keeps of its sandboxes beyond its own life: each sandbox's files,
 * entry, memory budget and whether it was running, written as they change. A reload (or a tab
 * opened again) starts a fresh runtime worker; it reads the journal before the system node
 * starts, and the SandboxManager adopts what it finds as it adopts a dead predecessor's
 * sandboxes: the running ones start again from their files (sandboxes/manager.ts).
 *
 * The page's autosave holds what an editor shows; this holds what the runtime runs, however it
 * was created (in the editor or over REST). The journal also keeps the next sandbox node
 * number, so that a pid of an earlier run never comes to name a process of this one.
 *
 * ```ts
 * const journal = await openSandboxJournal();       // journal_idb.ts: IndexedDB
 * const saved = await journal.load();
 * SystemHost.start({ saved, sandboxes: { ...options, journal } });
 * ```
 */
import { Sandbox } from './sandbox';
import type { SandboxTable } from './table';

export interface SandboxRecord {
	id: string;
	files: Record<string, string>;
	entry: string;
	memoryBudgetMb: number;
	/** Running (or starting) when written: started again after a reload. */
	running: boolean;
	/** Epoch ms. */
	createdAt: number;
	/** Epoch ms of the write. */
	savedAt: number;
}

export interface SavedSandboxes {
	records: SandboxRecord[];
	/** The N of the next sandbox node `<N.I.0>`. */
	nextNumber: number;
}

/**
 * Where the manager writes. Writes do not wait: they are made in order, and a failed one (the
 * browser's storage full or blocked) loses only what survives a reload, never the sandbox.
 */
export interface SandboxJournal {
	save(record: SandboxRecord): void;
	saveNextNumber(next: number): void;
	remove(id: string): void;
	load(): Promise<SavedSandboxes>;
}

export function recordOf(sb: Sandbox, now = Date.now()): SandboxRecord {
	return {
		id: sb.id,
		files: sb.files,
		entry: sb.entry,
		memoryBudgetMb: sb.memoryBudgetMb,
		running: sb.running,
		createdAt: sb.createdAt,
		savedAt: now
	};
}

/**
 * Fills an empty table with the saved sandboxes, those that were running marked so, for the
 * manager to adopt (it starts them again) — oldest first, as they were created.
 */
export function loadTable(table: SandboxTable, saved: SavedSandboxes): void {
	table.nextNumber = Math.max(table.nextNumber, saved.nextNumber);
	const oldestFirst = [...saved.records].sort((a, b) => a.createdAt - b.createdAt);
	for (const record of oldestFirst) {
		const sb = new Sandbox(record.id, record.files, record.entry, record.createdAt);
		sb.memoryBudgetMb = record.memoryBudgetMb;
		if (record.running) sb.setStatus('running');
		table.adopt(sb);
	}
	if (saved.records.length > 0) table.reloaded = true;
}
