import cytoscape from 'cytoscape';
import { describe, expect, it, vi } from 'vitest';
import { SupervisionModel, type TreeSnapshot } from '$lib/observer/tree/supervision_model';
import { buildView, diffView, type ViewOptions } from '$lib/observer/tree/supervision_view';
import {
	applyDiff,
	drawAll,
	extent,
	nodeText,
	parseColor,
	resolveTheme,
	treeStyle
} from './tree_drawing';

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

describe('extent', () => {
	it('is the box the drawn nodes take, as cytoscape measures it', () => {
		const model = new SupervisionModel();
		model.applySnapshot(forest(4));
		const view = buildView(model, none);
		const cy = headless();
		drawAll(cy, view);
		const drawn = cy.nodes().boundingBox({
			includeLabels: false,
			includeOverlays: false
		});
		const box = extent(view);
		// cytoscape adds half the border width on each side.
		for (const side of ['x1', 'x2', 'y1', 'y2'] as const) {
			expect(Math.abs(box[side] - drawn[side])).toBeLessThanOrEqual(2);
		}
		cy.destroy();
	});
});

describe('parseColor', () => {
	it('reads the colour forms the theme uses', () => {
		expect(parseColor('#fff')).toEqual([255, 255, 255, 1]);
		expect(parseColor('#15803d')).toEqual([21, 128, 61, 1]);
		expect(parseColor('rgb(167 139 250 / 0.14)')).toEqual([167, 139, 250, 0.14]);
		expect(parseColor('rgba(1, 2, 3, 0.5)')).toEqual([1, 2, 3, 0.5]);
		expect(parseColor('#a78bfa24')).toEqual([167, 139, 250, 0x24 / 255]);
		expect(parseColor('#0f08')).toEqual([0, 255, 0, 0x88 / 255]);
		expect(parseColor('color-mix(in srgb, red, blue)')).toBeNull();
		expect(theme.accentSoft).toMatch(/^#[\da-f]{6}$/);
	});
});

describe('resolveTheme', () => {
	it('turns the dark theme as the build minifies it into colours cytoscape takes, without a warning', () => {
		// What getComputedStyle reads in the built app: the CSS minifier writes 8-digit hex.
		const minified = resolveTheme({
			font: 'system-ui',
			text: '#e7eaf0',
			muted: '#9aa4b2',
			surface: '#161b22',
			sunken: '#0b0e13',
			border: '#262d38',
			borderStrong: '#36404f',
			accent: '#a78bfa',
			accentSoft: '#a78bfa24',
			ok: '#4ade80',
			okSoft: '#4ade801f',
			warn: '#fbbf24',
			warnSoft: '#fbbf241f',
			danger: '#f87171',
			dangerSoft: '#f871711f'
		});
		const { font, ...colours } = minified;
		expect(font).toBe('system-ui');
		for (const colour of Object.values(colours)) expect(colour).toMatch(/^#[\da-f]{6}$/);
		expect(minified.accentSoft).toBe(theme.accentSoft);

		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		try {
			const model = new SupervisionModel();
			model.applySnapshot(forest(3));
			const cy = cytoscape({ headless: true, styleEnabled: true, style: treeStyle(minified) });
			drawAll(cy, buildView(model, none));
			const [r, g, b] = parseColor(minified.accentSoft)!;
			expect(cy.getElementById('Root').style('background-color')).toBe(`rgb(${r},${g},${b})`);
			cy.destroy();
			expect(warn).not.toHaveBeenCalled();
		} finally {
			warn.mockRestore();
		}
	});
});
