import { describe, expect, it } from 'vitest';
import type { ListMeta } from './arsenal_client';
import { readAllProcesses, type ListedProcess } from './process_rows';
import { ProcessTable } from './process_table.svelte';

const row = (i: number, fields: Partial<ListedProcess> = {}): ListedProcess => ({
	pid: `<0.${i}.0>`,
	node: 'system@superlearner',
	behaviour: 'none',
	status: 'waiting',
	messageQueueLen: 0,
	reductions: i,
	memory: 1000 - i,
	links: 0,
	startedAt: 0,
	system: false,
	...fields
});

function pager(rows: ListedProcess[], perPage: number) {
	const calls: number[] = [];
	const list = (page: number) => {
		calls.push(page);
		const meta: ListMeta = {
			total: rows.length,
			totalProcesses: rows.length,
			page,
			perPage,
			sort: 'pid',
			order: 'asc',
			totalPages: Math.ceil(rows.length / perPage)
		};
		return Promise.resolve({ data: rows.slice((page - 1) * perPage, page * perPage), meta });
	};
	return { list, calls };
}

describe('readAllProcesses', () => {
	it('reads every page once and keeps each pid once', async () => {
		const rows = Array.from({ length: 2500 }, (_, i) => row(i + 1));
		const { list, calls } = pager(rows, 1000);
		const all = await readAllProcesses(list);
		expect(all).toHaveLength(2500);
		expect(calls.sort()).toEqual([1, 2, 3]);

		const shifted = pager([...rows.slice(0, 1000), rows[999], ...rows.slice(1000)], 1000);
		expect(await readAllProcesses(shifted.list)).toHaveLength(2500);
	});
});

describe('ProcessTable', () => {
	it('sorts and filters what it read, and drops the rows of exited processes', () => {
		const table = new ProcessTable();
		table.setRows([
			row(1, { name: 'Demo.Counter' }),
			row(2, { name: 'Demo.Cache', memory: 5000 }),
			row(3, { label: 'timer' })
		]);
		expect(table.view.map((r) => r.pid)).toEqual(['<0.1.0>', '<0.2.0>', '<0.3.0>']);
		table.sort = { column: 'memory', dir: 'desc' };
		expect(table.view.map((r) => r.pid)).toEqual(['<0.2.0>', '<0.1.0>', '<0.3.0>']);
		table.query = 'demo';
		expect(table.view.map((r) => r.pid)).toEqual(['<0.2.0>', '<0.1.0>']);
		table.apply([
			{
				seq: 1,
				node: 'n',
				now: 0,
				sent: 0,
				received: 0,
				dropped: 0,
				events: [{ type: 'exit', pid: '<0.2.0>', reason: 'killed', at: 0 }]
			}
		]);
		expect(table.view.map((r) => r.pid)).toEqual(['<0.1.0>']);
		expect(table.total).toBe(2);
	});

	it('keeps parents it learnt across reads', () => {
		const table = new ProcessTable();
		table.apply([
			{
				seq: 1,
				node: 'n',
				now: 0,
				sent: 0,
				received: 0,
				dropped: 0,
				events: [{ type: 'spawn', pid: '<0.5.0>', parent: '<0.4.0>', at: 0 }]
			}
		]);
		table.setRows([row(5), row(6)]);
		expect(table.view.map((r) => r.parent)).toEqual(['<0.4.0>', undefined]);
		expect(table.missingParents(table.view)).toEqual(['<0.6.0>']);
		table.setParents(new Map([['<0.6.0>', '<0.0.0>']]));
		table.setRows([row(5), row(6)]);
		expect(table.view.map((r) => r.parent)).toEqual(['<0.4.0>', '<0.0.0>']);
	});
});
