// A sandbox's node as the analyzer sees it: through its trace batches (restarts, coalesced or
// not, and reports) and its processes' rows, with no wait-for graph.
import { afterEach, describe, expect, it } from 'vitest';
import { createNode, type Node } from '$lib/runtime';
import type { ObserverEvent } from '$lib/stream/events';
import { NodeWatch } from './node_watch';

let node: Node;
afterEach(async () => {
	await node.shutdown();
});

const NAME = 'sandbox_demo@superlearner';

function sampled(watch: NodeWatch, events: ObserverEvent[]) {
	for (const e of events) watch.observe(e);
	watch.sample({ number: 1, node, restartsSince: () => 0 });
	return watch.findings();
}

describe('NodeWatch of a sandbox', () => {
	it('counts coalesced restarts against the intensity and finds the storm', async () => {
		node = createNode({ clock: 'virtual' });
		await node.advance(30_000);
		const restart = (at: number, count: number): ObserverEvent => ({
			type: 'restart',
			supervisor: '<1.2.0>',
			childId: 'worker',
			reason: 'boom',
			at,
			intensity: 20,
			period: 10,
			count
		});
		const findings = sampled(new NodeWatch(NAME), [restart(25_000, 9), restart(29_000, 8)]);
		expect(findings.map((f) => [f.kind, f.severity, f.figures])).toEqual([
			['restart_storm', 'warning', { restartsLastMinute: 17, intensity: 20, periodSeconds: 10 }],
			[
				'intensity_near_limit',
				'warning',
				{ restartsInWindow: 17, intensity: 20, periodSeconds: 10 }
			]
		]);
		expect(findings[0]).toMatchObject({ node: NAME, supervisor: '<1.2.0>' });
		expect(findings[0]).not.toHaveProperty('path');
	});

	it('finds a give-up and repeated call timeouts from the reports alone', async () => {
		node = createNode({ clock: 'virtual' });
		await node.advance(10_000);
		const timeout = (at: number, pid: string): ObserverEvent => ({
			type: 'report',
			at,
			report: {
				kind: 'crash',
				node: NAME,
				at,
				pid,
				name: 'Client',
				reason: { name: 'CallExit', message: 'call to Db exited: timeout', code: 'timeout' }
			}
		});
		const findings = sampled(new NodeWatch(NAME), [
			timeout(7_000, '<1.5.0>'),
			timeout(8_000, '<1.6.0>'),
			timeout(9_000, '<1.7.0>'),
			{
				type: 'report',
				at: 9_500,
				report: {
					kind: 'supervisor',
					node: NAME,
					at: 9_500,
					supervisor: '<1.3.0>',
					name: 'App.Sup',
					errorContext: 'shutdown',
					reason: 'reached_max_restart_intensity',
					child: { id: 'client', restart: 'permanent', shutdown: 5000, type: 'worker' },
					intensity: { intensity: 3, period: 5, restarts: 4, children: [], lastReason: 'x' }
				}
			}
		]);
		expect(findings.map((f) => [f.id, f.severity])).toEqual([
			[`gave_up:${NAME}:<1.3.0>`, 'critical'],
			[`call_timeouts:${NAME}:Client`, 'warning']
		]);
		expect(findings[1]).toMatchObject({ pid: '<1.7.0>', figures: { timeouts: 3 } });
	});
});
