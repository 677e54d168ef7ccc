/**
 * How SupervisionTree.svelte draws a {@link TreeView} with cytoscape: the style sheet (from the
 * theme's CSS variables), each node's data, and applying a {@link ViewDiff} so that only the
 * nodes that changed are touched: their data changes, and cytoscape restyles those alone.
 *
 * Labels are canvas text: names from user code are drawn, never parsed as HTML.
 */
import type { Core, ElementDefinition, StylesheetJson } from 'cytoscape';
import type { TreeView, ViewDiff, ViewNode } from '$lib/observer/tree/supervision_view';

export interface TreeTheme {
	font: string;
	text: string;
	muted: string;
	surface: string;
	sunken: string;
	border: string;
	borderStrong: string;
	accent: string;
	accentSoft: string;
	ok: string;
	okSoft: string;
	warn: string;
	warnSoft: string;
	danger: string;
	dangerSoft: string;
}

const VARIABLES: Record<keyof TreeTheme, string> = {
	font: '--font-sans',
	text: '--text',
	muted: '--muted',
	surface: '--surface',
	sunken: '--surface-sunken',
	border: '--border',
	borderStrong: '--border-strong',
	accent: '--accent',
	accentSoft: '--accent-soft',
	ok: '--ok',
	okSoft: '--ok-soft',
	warn: '--warn',
	warnSoft: '--warn-soft',
	danger: '--danger',
	dangerSoft: '--danger-soft'
};

/**
 * The theme's colours as the page shows them now (light or dark), as opaque hex: cytoscape reads
 * neither `rgb(r g b / a)` nor `color-mix()`, so translucent colours are blended over the surface.
 */
export function readTheme(element: Element): TreeTheme {
	const style = getComputedStyle(element);
	const raw = {} as TreeTheme;
	for (const [key, name] of Object.entries(VARIABLES) as Array<[keyof TreeTheme, string]>) {
		raw[key] = style.getPropertyValue(name).replace(/\s+/g, ' ').trim();
	}
	// cytoscape takes font names in double quotes only.
	raw.font = raw.font.replaceAll("'", '"');
	return resolveTheme(raw);
}

export function resolveTheme(raw: TreeTheme): TreeTheme {
	const surface = parseColor(raw.surface) ?? [255, 255, 255, 1];
	const out = { ...raw };
	for (const key of Object.keys(VARIABLES) as Array<keyof TreeTheme>) {
		if (key === 'font') continue;
		const rgba = parseColor(raw[key]);
		out[key] = rgba ? toHex(blend(rgba, surface)) : raw[key];
	}
	return out;
}

type Rgba = [number, number, number, number];

/**
 * `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` (what the build's CSS minifier makes of translucent
 * colours), `rgb(r g b / a)`, `rgb(r, g, b)` and `rgba(r, g, b, a)`; null otherwise.
 */
export function parseColor(css: string): Rgba | null {
	const hex = /^#([\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i.exec(css);
	if (hex) {
		const h = hex[1].length <= 4 ? [...hex[1]].map((d) => d + d).join('') : hex[1];
		const [r, g, b, a = 255] = [0, 2, 4, 6]
			.filter((i) => i < h.length)
			.map((i) => parseInt(h.slice(i, i + 2), 16));
		return [r, g, b, a / 255];
	}
	const fn = /^rgba?\(([^)]*)\)$/i.exec(css);
	if (!fn) return null;
	const parts = fn[1]
		.split(/[\s,/]+/)
		.filter(Boolean)
		.map(Number);
	if (parts.length < 3 || parts.some(Number.isNaN)) return null;
	return [parts[0], parts[1], parts[2], parts[3] ?? 1];
}

function blend([r, g, b, a]: Rgba, [br, bg, bb]: Rgba): Rgba {
	const mix = (f: number, back: number) => Math.round(f * a + back * (1 - a));
	return [mix(r, br), mix(g, bg), mix(b, bb), 1];
}

function toHex([r, g, b]: Rgba): string {
	return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export const NODE_WIDTH = 216;

export function treeStyle(t: TreeTheme): StylesheetJson {
	return [
		{
			selector: 'node',
			style: {
				shape: 'round-rectangle',
				width: NODE_WIDTH,
				height: 42,
				'background-color': t.surface,
				'border-width': 1.5,
				'border-color': t.borderStrong,
				label: 'data(text)',
				'text-wrap': 'wrap',
				'text-max-width': `${NODE_WIDTH - 16}px`,
				'text-valign': 'center',
				'text-halign': 'center',
				'font-family': t.font || 'sans-serif',
				'font-size': 12.5,
				'line-height': 1.35,
				color: t.text,
				'min-zoomed-font-size': 7,
				'overlay-opacity': 0
			}
		},
		{
			selector: 'node[kind = "supervisor"]',
			style: {
				height: 46,
				'background-color': t.accentSoft,
				'border-color': t.accent,
				'border-width': 2,
				'font-weight': 600
			}
		},
		{
			selector: 'node[kind = "group"]',
			style: {
				'background-color': t.sunken,
				'border-style': 'dashed',
				'border-color': t.muted,
				color: t.muted
			}
		},
		{ selector: 'node[restart = "transient"]', style: { 'border-style': 'dashed' } },
		{ selector: 'node[restart = "temporary"]', style: { 'border-style': 'dotted' } },
		{
			selector: 'node[status = "down"]',
			style: {
				'background-color': t.dangerSoft,
				'border-color': t.danger,
				color: t.danger
			}
		},
		{
			selector: 'node[status = "restarting"]',
			style: { 'background-color': t.warnSoft, 'border-color': t.warn }
		},
		{
			selector: 'node[status = "stopped"]',
			style: { 'background-color': t.sunken, color: t.muted, 'border-color': t.border }
		},
		{
			selector: 'node.crashed',
			style: {
				'background-color': t.dangerSoft,
				'border-color': t.danger,
				'border-width': 3,
				color: t.danger
			}
		},
		{
			selector: 'node.restarted',
			style: {
				'background-color': t.okSoft,
				'border-color': t.ok,
				'border-width': 3
			}
		},
		{
			selector: 'node.reacting',
			style: { 'border-color': t.ok, 'border-width': 3 }
		},
		{
			selector: 'node.selected',
			style: {
				'border-width': 3,
				'border-color': t.accent,
				'underlay-color': t.accent,
				'underlay-opacity': 0.18,
				'underlay-padding': 5,
				'underlay-shape': 'round-rectangle'
			}
		},
		{
			selector: 'node.focused',
			style: {
				'outline-width': 3,
				'outline-color': t.accent,
				'outline-offset': 3,
				'outline-opacity': 0.7
			}
		},
		{
			selector: 'node.match',
			style: { 'underlay-color': t.warn, 'underlay-opacity': 0.35, 'underlay-padding': 7 }
		},
		{
			selector: 'edge',
			style: {
				width: 1.5,
				'line-color': t.borderStrong,
				'curve-style': 'taxi',
				'taxi-direction': 'rightward',
				'taxi-turn': 24,
				'source-endpoint': '90deg',
				'target-endpoint': '270deg'
			}
		}
	];
}

const MAX_LABEL = 32;

function clip(text: string): string {
	return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

/** The text drawn in a node: its label, then its detail line. */
export function nodeText(n: ViewNode): string {
	const hidden =
		n.kind !== 'group' && n.hidden > 0
			? n.collapsed
				? ` · ▸ ${n.hidden}`
				: ` · +${n.hidden}`
			: '';
	return `${clip(n.label)}\n${clip(n.detail + hidden)}`;
}

export function nodeData(n: ViewNode) {
	return {
		id: n.key,
		text: nodeText(n),
		kind: n.kind,
		restart: n.restart ?? 'permanent',
		status: n.status
	};
}

function nodeElement(n: ViewNode): ElementDefinition {
	return { group: 'nodes', data: nodeData(n), position: { x: n.x, y: n.y } };
}

/** Draws a whole view into an empty graph. */
export function drawAll(cy: Core, view: TreeView): void {
	cy.batch(() => {
		cy.elements().remove();
		cy.add([
			...view.nodes.map(nodeElement),
			...view.edges.map((e): ElementDefinition => ({
				group: 'edges',
				data: { id: e.key, source: e.source, target: e.target }
			}))
		]);
	});
}

/**
 * Applies a diff: removes, adds, sets the data of changed nodes (only they restyle) and moves
 * moved ones, animated when few move.
 */
export function applyDiff(cy: Core, diff: ViewDiff, opts: { animateUpTo?: number } = {}): void {
	const animate = diff.moved.length > 0 && diff.moved.length <= (opts.animateUpTo ?? 0);
	cy.batch(() => {
		for (const key of diff.removedEdges) cy.getElementById(key).remove();
		for (const key of diff.removed) cy.getElementById(key).remove();
		if (diff.added.length) cy.add(diff.added.map(nodeElement));
		if (diff.addedEdges.length) {
			cy.add(
				diff.addedEdges.map((e): ElementDefinition => ({
					group: 'edges',
					data: { id: e.key, source: e.source, target: e.target }
				}))
			);
		}
		for (const n of diff.changed) cy.getElementById(n.key).data(nodeData(n));
		if (!animate) {
			for (const n of diff.moved) cy.getElementById(n.key).position({ x: n.x, y: n.y });
		}
	});
	if (animate) {
		for (const n of diff.moved) {
			cy.getElementById(n.key).animate({ position: { x: n.x, y: n.y } }, { duration: 220 });
		}
	}
}

/**
 * The crash-then-restart animation: a restarted node shows red (`crashed`) for a moment, then
 * green (`restarted`), then its usual look; the supervisor that restarted it is outlined
 * (`reacting`). A node that went down and stays down keeps its `down` look from the data.
 */
export class Flasher {
	readonly #timers = new Map<string, ReturnType<typeof setTimeout>[]>();
	readonly #cy: Core;
	readonly #crashMs: number;
	readonly #restartMs: number;

	constructor(cy: Core, opts: { crashMs?: number; restartMs?: number } = {}) {
		this.#cy = cy;
		this.#crashMs = opts.crashMs ?? 450;
		this.#restartMs = opts.restartMs ?? 900;
	}

	restarted(key: string, supervisor: string | null): void {
		this.#clear(key);
		const node = this.#cy.getElementById(key);
		node.removeClass('restarted').addClass('crashed');
		if (supervisor !== null) this.#pulse(supervisor);
		this.#later(key, this.#crashMs, () =>
			this.#cy.getElementById(key).removeClass('crashed').addClass('restarted')
		);
		this.#later(key, this.#crashMs + this.#restartMs, () =>
			this.#cy.getElementById(key).removeClass('restarted')
		);
	}

	#pulse(key: string): void {
		const id = `${key}#pulse`;
		this.#clear(id);
		this.#cy.getElementById(key).addClass('reacting');
		this.#later(id, this.#crashMs + this.#restartMs, () =>
			this.#cy.getElementById(key).removeClass('reacting')
		);
	}

	#later(key: string, ms: number, fn: () => void): void {
		const list = this.#timers.get(key) ?? [];
		list.push(setTimeout(fn, ms));
		this.#timers.set(key, list);
	}

	#clear(key: string): void {
		for (const t of this.#timers.get(key) ?? []) clearTimeout(t);
		this.#timers.delete(key);
	}

	stop(): void {
		for (const key of [...this.#timers.keys()]) this.#clear(key);
	}
}
