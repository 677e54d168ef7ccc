import { describe, expect, it } from 'vitest';
import type { Execute } from '$lib/arsenal/client';
import { ClusterState } from './cluster.svelte';
import { ClusterClient } from './cluster_client';
import type { Topology } from './cluster_types';

const node = (short: string) => ({
	name: `${short}@sim`,
	short,
	number: 1,
	status: 'up' as const,
	system: false,
	program: 'main.ts',
	processes: 3,
	startedAt: 0
});

const up: Topology = {
	nodes: [node('a'), node('b')],
	connections: [{ a: 'a@sim', b: 'b@sim', status: 'up', latencyMs: 0, loss: 0 }],
	partitions: []
};
const cut: Topology = {
	...up,
	connections: [{ ...up.connections[0], status: 'cut' }],
	partitions: [{ id: 'p1', sides: [['a@sim'], ['b@sim']] }]
};

/** A cluster whose cluster_topology answers each of `answers` in turn (an Error: it fails). */
function stateReading(answers: Array<Topology | Error>) {
	let calls = 0;
	const execute = ((operation: string) => {
		expect(operation).toBe('cluster_topology');
		const answer = answers[Math.min(calls++, answers.length - 1)];
		return answer instanceof Error
			? Promise.reject(answer)
			: Promise.resolve({ data: answer, meta: undefined });
	}) as Execute;
	return { state: new ClusterState(new ClusterClient(execute)), calls: () => calls };
}

describe('ClusterState', () => {
	it('lists what changed between readings, newest first', async () => {
		const { state } = stateReading([up, cut, up]);
		await state.refresh();
		expect(state.status).toBe('ready');
		expect(state.simulated.map((n) => n.name)).toEqual(['a@sim', 'b@sim']);
		expect(state.events).toEqual([]);
		await state.refresh();
		await state.refresh();
		expect(state.events.map((e) => e.text)).toEqual([
			'a@sim ⇄ b@sim: connected again.',
			'a@sim ⇄ b@sim: cut by a partition.'
		]);
	});

	it('is in error while nothing was read, and keeps a topology shown when a later read fails', async () => {
		const { state } = stateReading([new Error('down'), up, new Error('again')]);
		await state.refresh();
		expect([state.status, state.error]).toEqual(['error', 'down']);
		await state.refresh();
		expect([state.status, state.error]).toEqual(['ready', null]);
		await state.refresh();
		expect([state.status, state.error, state.topology]).toEqual(['ready', 'again', up]);
	});

	it('reads once for refreshes asked while a read is under way', async () => {
		const { state, calls } = stateReading([up]);
		await Promise.all([state.refresh(), state.refresh(), state.refresh()]);
		expect(calls()).toBe(1);
	});
});
