import { describe, expect, it } from 'vitest';
import { layoutPeers } from './links_layout';

describe('layoutPeers', () => {
	it('places each peer once, with all its relations, round the centre', () => {
		const { peers, more } = layoutPeers(
			{
				link: [{ pid: '<0.2.0>', label: 'Demo.Supervisor' }, { pid: '<0.3.0>' }],
				monitors: [{ pid: '<0.3.0>', label: 'timer' }],
				monitoredBy: [{ pid: '<0.4.0>' }]
			},
			{ radius: 100 }
		);
		expect(more).toBe(0);
		expect(peers.map((p) => [p.pid, p.relations, p.label])).toEqual([
			['<0.2.0>', ['link'], 'Demo.Supervisor'],
			['<0.3.0>', ['link', 'monitors'], 'timer'],
			['<0.4.0>', ['monitoredBy'], undefined]
		]);
		expect(peers[0]).toMatchObject({ x: 0, y: -100 });
		for (const p of peers) expect(Math.hypot(p.x, p.y)).toBeCloseTo(100, 0);
	});

	it('shows at most max peers and counts the rest', () => {
		const link = Array.from({ length: 30 }, (_, i) => ({ pid: `<0.${i + 10}.0>` }));
		const { peers, more } = layoutPeers(
			{ link, monitors: [], monitoredBy: [] },
			{ radius: 80, max: 12 }
		);
		expect(peers).toHaveLength(12);
		expect(more).toBe(18);
	});
});
