import { describe, expect, it } from 'vitest';
import { sortRows } from './table_model';
import {
	columnById,
	filterRows,
	pidOrder,
	queryProblem,
	toTableRow,
	type ListedProcess,
	type TableRow
} from './process_rows';

const row = (pid: string, fields: Partial<ListedProcess> = {}): TableRow =>
	toTableRow({
		pid,
		node: 'system@superlearner',
		behaviour: 'none',
		status: 'waiting',
		messageQueueLen: 0,
		reductions: 0,
		memory: 100,
		links: 0,
		startedAt: 0,
		system: false,
		...fields
	});

const rows = [
	row('<0.10.0>', { name: 'Demo.Supervisor', behaviour: 'supervisor', memory: 900 }),
	row('<0.11.0>', { name: 'Demo.Counter', module: 'Demo.Counter', behaviour: 'gen_server' }),
	row('<0.12.0>', { label: 'timer 1000 ms', memory: 4000, reductions: 50 }),
	row('<0.9.0>', { name: 'Demo.Cache', behaviour: 'gen_server', messageQueueLen: 12 }),
	row('<1.2.0>', { node: 'n1@sim', behaviour: 'task', status: 'runnable' })
];
const pids = (r: readonly TableRow[]) => r.map((x) => x.pid);

describe('the process table', () => {
	it('sorts pids by node, then number', () => {
		const pid = columnById('pid')!;
		expect(pids(sortRows(rows, pid.key, 'asc'))).toEqual([
			'<0.9.0>',
			'<0.10.0>',
			'<0.11.0>',
			'<0.12.0>',
			'<1.2.0>'
		]);
		expect(pidOrder('<1.0.0>')).toBeGreaterThan(pidOrder('<0.99999.0>'));
	});

	it('sorts by memory, biggest first', () => {
		const memory = columnById('memory')!;
		expect(memory.natural).toBe('desc');
		expect(pids(sortRows(rows, memory.key, memory.natural)).slice(0, 2)).toEqual([
			'<0.12.0>',
			'<0.10.0>'
		]);
	});

	it('sorts by name, unnamed processes last', () => {
		const name = columnById('name')!;
		expect(pids(sortRows(rows, name.key, 'asc'))).toEqual([
			'<0.9.0>',
			'<0.11.0>',
			'<0.10.0>',
			'<0.12.0>',
			'<1.2.0>'
		]);
	});

	it('filters by words across pid, name, label, module and behaviour', () => {
		expect(pids(filterRows(rows, 'demo'))).toEqual(['<0.10.0>', '<0.11.0>', '<0.9.0>']);
		expect(pids(filterRows(rows, 'DEMO counter'))).toEqual(['<0.11.0>']);
		expect(pids(filterRows(rows, 'timer'))).toEqual(['<0.12.0>']);
		expect(pids(filterRows(rows, '<0.9.'))).toEqual(['<0.9.0>']);
		expect(filterRows(rows, '  ')).toBe(rows);
	});

	it('filters by field and by number', () => {
		expect(pids(filterRows(rows, 'behaviour:gen_server'))).toEqual(['<0.11.0>', '<0.9.0>']);
		expect(pids(filterRows(rows, 'node:n1'))).toEqual(['<1.2.0>']);
		expect(pids(filterRows(rows, 'queue>0'))).toEqual(['<0.9.0>']);
		expect(pids(filterRows(rows, 'memory>=900 reductions<10'))).toEqual(['<0.10.0>']);
		expect(pids(filterRows(rows, 'status:runnable'))).toEqual(['<1.2.0>']);
	});

	it('treats an unknown field as a plain word', () => {
		expect(filterRows(rows, 'colour:red')).toEqual([]);
	});

	it('names a word it cannot read instead of matching nothing', () => {
		expect(queryProblem('queue>')).toBe('“queue>” needs a number after >, as in queue>0.');
		expect(queryProblem('demo memory>=lots')).toBe(
			'“memory>=lots” needs a number after >=, as in memory>=0.'
		);
		expect(queryProblem('queu>0')).toBe(
			'“queu>0”: queu is not a number column; compare queue, memory, reductions, links.'
		);
		expect(queryProblem('behaviour:')).toBe(
			'“behaviour:” needs a value after the colon, as in behaviour:gen_server.'
		);
		for (const fine of [
			'',
			'demo',
			'queue>0 memory<=2000',
			'<0.9.',
			'behaviour:gen_server',
			'a=b'
		]) {
			expect(queryProblem(fine)).toBeNull();
		}
	});
});
