/**
 * The process table's rows and its filter language. A row is what Arsenal's `list_processes`
 * answers for a process; the page keeps every row and sorts and filters them itself, so any
 * column sorts and a filter answers as you type.
 *
 * Filter: words match the pid, name, label, module or behaviour (any case, all words must
 * match); `field:value` matches one field (`behaviour:gen_server`, `status:waiting`,
 * `node:system`); `queue>10`, `memory>=2000`, `reductions<5` compare numbers.
 */
import type { SortDir, SortKey } from './table_model';
import type { Data } from '$lib/arsenal/client';
import type { ListMeta } from './arsenal_client';
import type { EventBatch } from '$lib/stream/events';

/** A row of list_processes, as its result schema says. */
export type ListedProcess = Data<'list_processes'>[number];

/** A row with what sorting and filtering read, computed once. */
export interface TableRow extends ListedProcess {
	/** The spawning process, once read (list_processes does not say; get_process_info does). */
	parent?: string;
	/** Node and process number in one sortable number. */
	order: number;
	/** Lower-case text the filter words search. */
	haystack: string;
}

const PID = /^<(\d+)\.(\d+)\.\d+>$/;

export function pidOrder(pid: string): number {
	const m = PID.exec(pid);
	return m ? Number(m[1]) * 2 ** 32 + Number(m[2]) : Number.MAX_SAFE_INTEGER;
}

/**
 * `row` with its sort order and filter text, made in place (a read brings 100,000 fresh rows a
 * second); the text of `previous` (the same pid's row from the last read) is reused when the
 * names it is made of did not change.
 */
export function toTableRow(row: ListedProcess, previous?: TableRow): TableRow {
	const out = row as TableRow;
	out.order = previous?.order ?? pidOrder(row.pid);
	out.haystack =
		previous &&
		previous.name === row.name &&
		previous.label === row.label &&
		previous.module === row.module &&
		previous.behaviour === row.behaviour
			? previous.haystack
			: [row.pid, row.name, row.label, row.module, row.behaviour]
					.filter(Boolean)
					.join(' ')
					.toLowerCase();
	return out;
}

/** What a row is called: its registered name, else its label, else its module. */
export function displayName(row: ListedProcess): string {
	return row.name ?? row.label ?? row.module ?? '';
}

export interface ProcessColumn {
	id: string;
	label: string;
	/** Numbers start descending (biggest first), text ascending. */
	natural: SortDir;
	key: (row: TableRow) => SortKey;
}

export const PROCESS_COLUMNS: ProcessColumn[] = [
	{ id: 'pid', label: 'Pid', natural: 'asc', key: (r) => r.order },
	{ id: 'node', label: 'Node', natural: 'asc', key: (r) => r.node },
	{ id: 'name', label: 'Name', natural: 'asc', key: (r) => displayName(r) || null },
	{ id: 'behaviour', label: 'Behaviour', natural: 'asc', key: (r) => r.behaviour },
	{ id: 'module', label: 'Module', natural: 'asc', key: (r) => r.module ?? null },
	{ id: 'status', label: 'Status', natural: 'asc', key: (r) => r.status },
	{ id: 'queue', label: 'Queue', natural: 'desc', key: (r) => r.messageQueueLen },
	{ id: 'reductions', label: 'Reductions', natural: 'desc', key: (r) => r.reductions },
	{ id: 'memory', label: 'Memory', natural: 'desc', key: (r) => r.memory },
	{
		id: 'parent',
		label: 'Parent',
		natural: 'asc',
		key: (r) => (r.parent ? pidOrder(r.parent) : null)
	}
];

export function columnById(id: string): ProcessColumn | undefined {
	return PROCESS_COLUMNS.find((c) => c.id === id);
}

type Test = (row: TableRow) => boolean;

const NUMBERS: Record<string, (r: ListedProcess) => number> = {
	queue: (r) => r.messageQueueLen,
	memory: (r) => r.memory,
	reductions: (r) => r.reductions,
	links: (r) => r.links
};

const FIELDS: Record<string, (r: TableRow) => string | undefined> = {
	name: (r) => displayName(r),
	behaviour: (r) => r.behaviour,
	module: (r) => r.module,
	status: (r) => r.status,
	node: (r) => r.node,
	pid: (r) => r.pid,
	parent: (r) => r.parent
};

const COMPARE = /^(\w+)(>=|<=|>|<|=)(\d+(?:\.\d+)?)$/;
const FIELD = /^(\w+):(.+)$/;

/** A filter query as one test; the empty query passes every row. */
export function parseQuery(query: string): Test {
	const tests: Test[] = [];
	for (const word of query.trim().toLowerCase().split(/\s+/).filter(Boolean)) {
		const cmp = COMPARE.exec(word);
		if (cmp && NUMBERS[cmp[1]]) {
			const read = NUMBERS[cmp[1]];
			const n = Number(cmp[3]);
			const op = cmp[2];
			tests.push((r) => {
				const v = read(r);
				return op === '>'
					? v > n
					: op === '>='
						? v >= n
						: op === '<'
							? v < n
							: op === '<='
								? v <= n
								: v === n;
			});
			continue;
		}
		const field = FIELD.exec(word);
		if (field && FIELDS[field[1]]) {
			const read = FIELDS[field[1]];
			const needle = field[2];
			tests.push((r) => read(r)?.toLowerCase().includes(needle) ?? false);
			continue;
		}
		tests.push((r) => r.haystack.includes(word));
	}
	if (tests.length === 0) return () => true;
	return (r) => tests.every((t) => t(r));
}

/** A word that reads as a comparison (`queue>`, `queu>0`, `memory>=lots`), right or not. */
const LOOKS_COMPARED = /^(\w+)(>=|<=|>|<|=)(.*)$/;

/**
 * What is wrong with a filter query, in a sentence naming the word; null when every word reads.
 * A word the filter cannot read would otherwise be searched as text and match nothing.
 */
export function queryProblem(query: string): string | null {
	for (const word of query.trim().toLowerCase().split(/\s+/).filter(Boolean)) {
		const valid = COMPARE.exec(word);
		if (valid && NUMBERS[valid[1]]) continue;
		const compared = LOOKS_COMPARED.exec(word);
		if (compared) {
			const [, column, sign, value] = compared;
			if (!NUMBERS[column] && value !== '' && Number.isNaN(Number(value))) continue; // a plain word
			if (!NUMBERS[column]) {
				return `“${word}”: ${column} is not a number column; compare ${NUMBER_NAMES}.`;
			}
			return `“${word}” needs a number after ${sign}, as in ${column}${sign}0.`;
		}
		const field = /^(\w+):$/.exec(word);
		if (field && FIELDS[field[1]]) {
			return `“${word}” needs a value after the colon, as in ${field[1]}:${EXAMPLE_VALUES[field[1]] ?? 'demo'}.`;
		}
	}
	return null;
}

const NUMBER_NAMES = Object.keys(NUMBERS).join(', ');
const EXAMPLE_VALUES: Record<string, string> = {
	behaviour: 'gen_server',
	status: 'waiting',
	node: 'system',
	pid: '<0.1'
};

export function filterRows(rows: readonly TableRow[], query: string): readonly TableRow[] {
	if (!query.trim()) return rows;
	const test = parseQuery(query);
	return rows.filter(test);
}

/** Reads every page of `list_processes`, a few at a time; rows in pid order, each pid once. */
export async function readAllProcesses(
	list: (page: number) => Promise<{ data: ListedProcess[]; meta: ListMeta }>,
	concurrency = 4
): Promise<ListedProcess[]> {
	const first = await list(1);
	const pages: ListedProcess[][] = [first.data];
	let next = 2;
	const worker = async () => {
		while (next <= first.meta.totalPages) {
			const page = next++;
			pages[page - 1] = (await list(page)).data;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	// Processes come and go between pages: a pid can show on two of them.
	const seen = new Set<string>();
	const out: ListedProcess[] = [];
	for (const page of pages) {
		for (const row of page ?? []) {
			if (seen.has(row.pid)) continue;
			seen.add(row.pid);
			out.push(row);
		}
	}
	return out;
}

/** A fresh read as table rows: filter text reused from `previous` rows, known parents filled in. */
export function mergeRead(
	rows: ListedProcess[],
	previous: readonly TableRow[],
	parents: ReadonlyMap<string, string>
): TableRow[] {
	const before = new Map(previous.map((r) => [r.pid, r]));
	return rows.map((r) => {
		const row = toTableRow(r, before.get(r.pid));
		const parent = row.parent ?? parents.get(row.pid);
		if (parent !== undefined) row.parent = parent;
		return row;
	});
}

/**
 * `rows` without the processes the batches saw exit (the same array when none did); the
 * parents of the processes they saw start go into `parents`.
 */
export function withoutExited(
	rows: TableRow[],
	batches: readonly EventBatch[],
	parents: Map<string, string>
): TableRow[] {
	const gone = new Set<string>();
	for (const b of batches) {
		for (const e of b.events) {
			if (e.type === 'exit') gone.add(e.pid);
			else if (e.type === 'spawn' && e.parent) parents.set(e.pid, e.parent);
		}
	}
	if (gone.size === 0) return rows;
	const kept = rows.filter((r) => !gone.has(r.pid));
	return kept.length === rows.length ? rows : kept;
}
