/**
 * How TopologyGraph.svelte draws the cluster with cytoscape: a node per simulated node (its
 * short name and process count), an edge per connection: solid when up, dashed red and labelled
 * when a partition cuts it, with an arrow for a one-way cut (pointing the way messages no
 * longer go). Latency and loss are written on the edge.
 */
import type { ElementDefinition, StylesheetJson } from 'cytoscape';
import { linkText } from '$lib/observer/cluster/cluster_events';
import type { Connection, Topology } from '$lib/observer/cluster/cluster_types';
import type { TreeTheme } from '$lib/ui/tree_drawing';

/** A connection's words, as its edge and the list under the drawing say them. */
export function connectionLabel(c: Connection): string {
	const slow = c.latencyMs > 0 || c.loss > 0 ? linkText(c) : '';
	const cut =
		c.status === 'cut' ? 'cut' : c.status === 'one_way' ? 'one-way cut' : slow ? '' : 'up';
	return [cut, slow].filter(Boolean).join(' · ');
}

/** A connection's words in the list under the drawing: a one-way cut says which way. */
export function connectionText(c: Connection): string {
	const way = c.status === 'one_way' && c.cut ? ` (${c.cut.from} → ${c.cut.to} dropped)` : '';
	return connectionLabel(c) + way;
}

export function topologyElements(topology: Topology): ElementDefinition[] {
	const nodes = topology.nodes.filter((n) => !n.system);
	const names = new Set(nodes.map((n) => n.name));
	const edges = topology.connections.filter((c) => names.has(c.a) && names.has(c.b));
	return [
		...nodes.map((n) => ({
			group: 'nodes' as const,
			data: {
				id: n.name,
				status: n.status,
				text: `${n.short}\n${n.status === 'up' ? `${n.processes} proc` : n.status}`
			}
		})),
		...edges.map((c) => {
			// A one-way edge runs from the side that no longer reaches to the one it cannot reach.
			const [source, target] =
				c.status === 'one_way' && c.cut ? [c.cut.from, c.cut.to] : [c.a, c.b];
			return {
				group: 'edges' as const,
				data: { id: `${c.a}|${c.b}`, source, target, status: c.status, text: connectionLabel(c) }
			};
		})
	];
}

/** Whether two element lists hold the same nodes and edges (ids and ends): else lay out again. */
export function sameShape(
	a: readonly ElementDefinition[],
	b: readonly ElementDefinition[]
): boolean {
	const shape = (els: readonly ElementDefinition[]) =>
		els
			.map((e) => `${e.data.id}:${e.data.source ?? ''}>${e.data.target ?? ''}`)
			.sort()
			.join(',');
	return shape(a) === shape(b);
}

export function topologyStyle(t: TreeTheme): StylesheetJson {
	return [
		{
			selector: 'node',
			style: {
				shape: 'ellipse',
				width: 64,
				height: 64,
				'background-color': t.okSoft,
				'border-width': 2,
				'border-color': t.ok,
				label: 'data(text)',
				'text-wrap': 'wrap',
				'text-valign': 'center',
				'text-halign': 'center',
				'font-family': t.font || 'sans-serif',
				'font-size': 12.5,
				'font-weight': 600,
				color: t.text,
				'overlay-opacity': 0
			}
		},
		{
			selector: 'node[status = "starting"]',
			style: { 'background-color': t.warnSoft, 'border-color': t.warn }
		},
		{
			selector: 'node[status = "down"], node[status = "stopped"]',
			style: { 'background-color': t.dangerSoft, 'border-color': t.danger, color: t.danger }
		},
		{
			selector: 'node.selected',
			style: {
				'border-width': 4,
				'border-color': t.accent,
				'underlay-color': t.accent,
				'underlay-opacity': 0.2,
				'underlay-padding': 6,
				'underlay-shape': 'ellipse'
			}
		},
		{
			selector: 'edge',
			style: {
				width: 2,
				'line-color': t.borderStrong,
				'curve-style': 'straight',
				label: 'data(text)',
				'font-family': t.font || 'sans-serif',
				'font-size': 11,
				color: t.muted,
				'text-background-color': t.surface,
				'text-background-opacity': 1,
				'text-background-padding': '2px',
				'text-rotation': 'autorotate'
			}
		},
		{
			selector: 'edge[status = "cut"]',
			style: { 'line-color': t.danger, 'line-style': 'dashed', color: t.danger, width: 2.5 }
		},
		{
			selector: 'edge[status = "one_way"]',
			style: {
				'line-color': t.danger,
				'line-style': 'dashed',
				color: t.danger,
				width: 2.5,
				'target-arrow-shape': 'triangle',
				'target-arrow-color': t.danger,
				'arrow-scale': 1.3
			}
		}
	];
}
