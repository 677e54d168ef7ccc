import { describe, expect, it } from 'vitest';
import { streamLines, topologyChanges } from './cluster_events';
import type { ClusterNode, Connection, Topology } from './cluster_types';

const node = (short: string, status: ClusterNode['status'] = 'up'): ClusterNode => ({
	name: `${short}@sim`,
	short,
	number: short.charCodeAt(0) - 96,
	status,
	system: false,
	program: 'main.ts',
	processes: 5,
	startedAt: 0
});

const link = (a: string, b: string, more: Partial<Connection> = {}): Connection => ({
	a: `${a}@sim`,
	b: `${b}@sim`,
	status: 'up',
	latencyMs: 0,
	loss: 0,
	...more
});

const topology = (nodes: ClusterNode[], connections: Connection[]): Topology => ({
	nodes,
	connections,
	partitions: []
});

describe('topologyChanges', () => {
	it('says nothing of a first reading where everything is up', () => {
		expect(topologyChanges(null, topology([node('a'), node('b')], [link('a', 'b')]))).toEqual([]);
	});

	it('tells a cut, a one-way cut and a reconnection', () => {
		const up = topology([node('a'), node('b'), node('c')], [link('a', 'c'), link('b', 'c')]);
		const cut = topology(up.nodes, [
			link('a', 'c', { status: 'cut' }),
			link('b', 'c', { status: 'one_way', cut: { from: 'c@sim', to: 'b@sim' } })
		]);
		expect(topologyChanges(up, cut).map((l) => l.text)).toEqual([
			'a@sim ⇄ c@sim: cut by a partition.',
			'b@sim ⇄ c@sim: cut one way (c@sim no longer reaches b@sim).'
		]);
		expect(topologyChanges(cut, up).map((l) => l.text)).toEqual([
			'a@sim ⇄ c@sim: connected again.',
			'b@sim ⇄ c@sim: connected again.'
		]);
	});

	it('tells nodes starting, going down and going away, and a slower link', () => {
		const before = topology([node('a'), node('b')], [link('a', 'b')]);
		const after = topology(
			[{ ...node('a'), status: 'down', downReason: 'killed' }, node('c', 'starting')],
			[link('a', 'b', { latencyMs: 200, loss: 0.1 })]
		);
		expect(topologyChanges(before, after).map((l) => l.text)).toEqual([
			'a@sim went down (killed).',
			'c@sim is starting.',
			'b@sim is gone.',
			'a@sim ⇄ b@sim: latency 200 ms, loss 10%.'
		]);
	});
});

describe('streamLines', () => {
	it('keeps abnormal exits, restarts and nodes up or down, not normal or shutdown exits', () => {
		const lines = streamLines('b@sim', [
			{ type: 'exit', pid: '<3.9.0>', reason: 'normal', at: 1 },
			{ type: 'exit', pid: '<3.10.0>', reason: ['shutdown', 'x'], at: 1 },
			{
				type: 'exit',
				pid: '<3.11.0>',
				reason: { down: 'worker_1', reason: 'noconnection' },
				at: 2
			},
			{ type: 'restart', supervisor: '<3.2.0>', childId: 'watcher', reason: 'boom', at: 3 },
			{ type: 'nodedown', node: 'a@sim', reason: 'partition', at: 4 },
			{ type: 'nodeup', node: 'a@sim', at: 5 }
		]);
		expect(lines.map((l) => l.text)).toEqual([
			'b@sim: <3.11.0> exited: #{down => worker_1, reason => noconnection}',
			'b@sim: watcher restarted after boom',
			'b@sim: nodedown a@sim (partition)',
			'b@sim: nodeup a@sim'
		]);
	});
});
