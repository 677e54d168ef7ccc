import { describe, expect, it } from 'vitest';
import type { Topology } from '$lib/observer/cluster/cluster_types';
import { connectionLabel, connectionText, sameShape, topologyElements } from './topology_drawing';

const base = { number: 1, program: null, processes: 4, startedAt: 0 };
const topology: Topology = {
	nodes: [
		{ ...base, name: 'system@sim', short: 'system', status: 'up', system: true },
		{ ...base, name: 'a@sim', short: 'a', status: 'up', system: false },
		{ ...base, name: 'b@sim', short: 'b', status: 'up', system: false },
		{ ...base, name: 'c@sim', short: 'c', status: 'down', system: false }
	],
	connections: [
		{ a: 'a@sim', b: 'b@sim', status: 'up', latencyMs: 100, loss: 0.05 },
		{ a: 'a@sim', b: 'c@sim', status: 'cut', latencyMs: 0, loss: 0 },
		{
			a: 'b@sim',
			b: 'c@sim',
			status: 'one_way',
			latencyMs: 0,
			loss: 0,
			cut: { from: 'c@sim', to: 'b@sim' }
		}
	],
	partitions: []
};

describe('topologyElements', () => {
	it('draws the simulated nodes and their connections, a one-way cut from its blocked side', () => {
		const elements = topologyElements(topology);
		expect(elements.filter((e) => e.group === 'nodes').map((e) => e.data.text as string)).toEqual([
			'a\n4 proc',
			'b\n4 proc',
			'c\ndown'
		]);
		expect(elements.filter((e) => e.group === 'edges').map((e) => e.data as object)).toEqual([
			expect.objectContaining({ source: 'a@sim', target: 'b@sim', status: 'up' }),
			expect.objectContaining({ source: 'a@sim', target: 'c@sim', status: 'cut', text: 'cut' }),
			expect.objectContaining({ source: 'c@sim', target: 'b@sim', text: 'one-way cut' })
		]);
	});

	it('knows a change of data from a change of shape', () => {
		const elements = topologyElements(topology);
		const slower = topologyElements({
			...topology,
			connections: topology.connections.map((c) => ({ ...c, latencyMs: 500 }))
		});
		expect(sameShape(elements, slower)).toBe(true);
		expect(sameShape(elements, topologyElements({ ...topology, connections: [] }))).toBe(false);
	});
});

describe('connectionLabel', () => {
	it('says latency and loss, and a cut', () => {
		expect(connectionLabel(topology.connections[0])).toBe('latency 100 ms, loss 5%');
		expect(connectionLabel({ ...topology.connections[0], latencyMs: 0, loss: 0 })).toBe('up');
		expect(connectionLabel({ ...topology.connections[1], latencyMs: 20 })).toBe(
			'cut · latency 20 ms, loss 0%'
		);
		expect(connectionText(topology.connections[2])).toBe('one-way cut (c@sim → b@sim dropped)');
	});
});
