import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { SupervisionModel, type TreeSnapshot } from '$lib/observer/tree/supervision_model';
import { buildView, diffView, type ViewOptions } from '$lib/observer/tree/supervision_view';
import { applyDiff, drawAll, nodeText, parseColor, resolveTheme, treeStyle } from './tree_drawing';

const none: ViewOptions = { collapsed: new Set(), expandedGroups: new Set() };

const theme = resolveTheme({
	font: 'system-ui',
	text: '#e7eaf0',
	muted: '#9aa4b2',
	surface: '#161b22',
	sunken: '#0b0e13',
	border: '#262d38',
	borderStrong: '#36404f',
	accent: '#a78bfa',
	accentSoft: 'rgb(167 139 250 / 0.14)',
	ok: '#4ade80',
	okSoft: 'rgb(74 222 128 / 0.12)',
	warn: '#fbbf24',
	warnSoft: 'rgb(251 191 36 / 0.12)',
	danger: '#f87171',
	dangerSoft: 'rgb(248 113 113 / 0.12)'
});

function forest(workers: number, pid = (i: number) => `<0.${100 + i}.0>`): TreeSnapshot[] {
	return [
		{
			pid: '<0.1.0>',
			name: 'Root',
			type: 'supervisor',
			strategy: 'one_for_one',
			children: Array.from({ length: workers }, (_, i) => ({
				id: `w${i}`,
				pid: pid(i),
				type: 'worker' as const,
				restart: i % 3 === 0 ? 'transient' : 'permanent'
			}))
		}
	];
}

function headless() {
	return cytoscape({ headless: true, styleEnabled: true, style: treeStyle(theme) });
}

describe('tree drawing', () => {
	it('draws every node at its laid-out position', () => {
		const model = new SupervisionModel();
		model.applySnapshot(forest(5));
		const view = buildView(model, none);
		const cy = headless();
		drawAll(cy, view);
		expect(cy.nodes()).toHaveLength(6);
		expect(cy.edges()).toHaveLength(5);
		const w2 = view.nodes.find((n) => n.key === 'Root/w2')!;
		expect(cy.getElementById('Root/w2').position()).toEqual({ x: w2.x, y: w2.y });
		expect(cy.getElementById('Root/w3').style('border-style')).toBe('dashed');
		cy.destroy();
	});

	it('restyles only the node that restarted, among 2,000', () => {
		const model = new SupervisionModel();
		model.applySnapshot(forest(2000));
		const before = buildView(model, none);
		const cy = headless();
		drawAll(cy, before);
		const touched = new Set<string>();
		cy.on('data style position add remove', (e) => {
			touched.add((e.target as cytoscape.SingularElementArgument).id());
		});
		model.applyEvents([
			{ type: 'exit', pid: '<0.1234.0>', reason: 'killed', at: 1 },
			{
				type: 'restart',
				supervisor: '<0.1.0>',
				childId: 'w1134',
				oldPid: '<0.1234.0>',
				newPid: '<0.9999.0>',
				reason: 'killed',
				at: 2
			}
		]);
		const after = buildView(model, none);
		applyDiff(cy, diffView(before, after));
		expect([...touched]).toEqual(['Root/w1134']);
		expect(cy.getElementById('Root/w1134').data('text')).toContain('<0.9999.0>');
		cy.destroy();
	});

	it('colours a crashed node as down, from its data alone', () => {
		const model = new SupervisionModel();
		model.applySnapshot(forest(3));
		const before = buildView(model, none);
		const cy = headless();
		drawAll(cy, before);
		const colour = () => cy.getElementById('Root/w1').style('border-color') as string;
		const normal = colour();
		model.applyEvents([{ type: 'exit', pid: '<0.101.0>', reason: 'boom', at: 1 }]);
		applyDiff(cy, diffView(before, buildView(model, none)));
		expect(colour()).not.toBe(normal);
		expect(cy.getElementById('Root/w1').data('status')).toBe('down');
		cy.destroy();
	});

	it('adds and removes nodes and edges as children come and go', () => {
		const model = new SupervisionModel();
		model.applySnapshot(forest(3));
		const a = buildView(model, none);
		const cy = headless();
		drawAll(cy, a);
		model.applySnapshot(forest(5));
		const b = buildView(model, none);
		applyDiff(cy, diffView(a, b));
		expect(cy.nodes()).toHaveLength(6);
		model.applySnapshot(forest(2));
		applyDiff(cy, diffView(b, buildView(model, none)));
		expect(cy.nodes().map((n) => n.id())).toEqual(['Root', 'Root/w0', 'Root/w1']);
		expect(cy.edges()).toHaveLength(2);
		cy.destroy();
	});
});

describe('nodeText', () => {
	it('clips long names and shows what a collapsed node hides', () => {
		const model = new SupervisionModel();
		model.applySnapshot([
			{
				pid: '<0.1.0>',
				name: 'A.Very.Long.Supervisor.Name.That.Goes.On',
				type: 'supervisor',
				strategy: 'one_for_all',
				children: [{ id: 'x', pid: '<0.2.0>', type: 'worker' }]
			}
		]);
		const key = model.roots[0];
		const view = buildView(model, { ...none, collapsed: new Set([key]) });
		expect(nodeText(view.nodes[0])).toBe(
			'A.Very.Long.Supervisor.Name.Tha…\none_for_all · <0.1.0> · ▸ 1'
		);
	});
});

describe('parseColor', () => {
	it('reads the colour forms the theme uses', () => {
		expect(parseColor('#fff')).toEqual([255, 255, 255, 1]);
		expect(parseColor('#15803d')).toEqual([21, 128, 61, 1]);
		expect(parseColor('rgb(167 139 250 / 0.14)')).toEqual([167, 139, 250, 0.14]);
		expect(parseColor('rgba(1, 2, 3, 0.5)')).toEqual([1, 2, 3, 0.5]);
		expect(parseColor('#a78bfa24')).toEqual([167, 139, 250, 36 / 255]);
		expect(parseColor('#f008')).toEqual([255, 0, 0, 136 / 255]);
		expect(parseColor('#a78bfa')).toEqual([167, 139, 250, 1]);
		expect(parseColor('color-mix(in srgb, red, blue)')).toBeNull();
		expect(theme.accentSoft).toMatch(/^#[\da-f]{6}$/);
	});
});
