/**
 * What the tree drawing shows of a {@link SupervisionModel}: the visible nodes with their
 * labels and positions (collapsed subtrees hidden, a large DynamicSupervisor's children beyond
 * a threshold folded into one group node, and children that a read left out — counted, not
 * listed — in a group node too), the diff between two such views (so the drawing adds,
 * removes, restyles and moves only what changed), keyboard navigation and search.
 *
 * The layout is a tidy tree from left to right: depth along x, leaves one row apart along y,
 * each parent centred on its children.
 */
import { formatCount } from '$lib/observer/text';
import {
	nodeLabel,
	matches,
	type ModelNode,
	type NodeStatus,
	strategyLabel,
	type RestartType,
	type SupervisionModel
} from './supervision_model';

export interface ViewOptions {
	/** Supervisors whose children are hidden. */
	collapsed: ReadonlySet<string>;
	/** DynamicSupervisors whose children are all shown, however many. */
	expandedGroups: ReadonlySet<string>;
	/** A DynamicSupervisor with more children than this shows `groupShow` and a group. Default 25. */
	groupAbove?: number;
	/** Default 10. */
	groupShow?: number;
	/** Nodes restarting too fast to read (storms.ts): drawn as restarting, without their pid. */
	storming?: ReadonlySet<string>;
}

export interface ViewNode {
	key: string;
	kind: 'supervisor' | 'worker' | 'group';
	parent: string | null;
	depth: number;
	/** First line: name, id, module or pid. */
	label: string;
	/** Second line: pid and restart type, or strategy and pid. */
	detail: string;
	pid: string | null;
	restart?: RestartType;
	/** A supervisor's strategy as {@link strategyLabel} names it. */
	strategy?: string;
	status: NodeStatus;
	restarts: number;
	system: boolean;
	/** Has children (shown or not). */
	expandable: boolean;
	collapsed: boolean;
	/** Nodes below it that the view hides (collapsed) or folds into its group. */
	hidden: number;
	x: number;
	y: number;
}

export interface ViewEdge {
	key: string;
	source: string;
	target: string;
}

export interface TreeView {
	/** Preorder: parents first, children in start order (the order keyboard navigation follows). */
	nodes: ViewNode[];
	edges: ViewEdge[];
}

/** From a column's nodes to the next (a node is 216 wide): a three-level tree fits 700 px. */
export const COLUMN_GAP = 244;
export const ROW_GAP = 56;
const GROUP_SUFFIX = '/…';

export function groupKey(supervisor: string): string {
	return supervisor + GROUP_SUFFIX;
}

export function isGroupKey(key: string): boolean {
	return key.endsWith(GROUP_SUFFIX);
}

/** The visible part of the forest, laid out. */
export function buildView(model: SupervisionModel, opts: ViewOptions): TreeView {
	const groupAbove = opts.groupAbove ?? 25;
	const groupShow = opts.groupShow ?? 10;
	const nodes: ViewNode[] = [];
	const edges: ViewEdge[] = [];
	const shownChildren = new Map<string, string[]>();

	const visit = (m: ModelNode, depth: number) => {
		const collapsed = hasChildren(m) && opts.collapsed.has(m.key);
		const view = toView(m, depth, collapsed, collapsed ? countBelow(model, m) : 0);
		if (opts.storming?.has(m.key) && m.status === 'running') storm(view);
		nodes.push(view);
		if (m.parent !== null) edges.push(edge(m.parent, m.key));
		if (collapsed) return;
		let kids = m.children;
		const grouped = folds(m, groupAbove, opts);
		if (grouped) kids = kids.slice(0, groupShow);
		const shown: string[] = [];
		for (const key of kids) {
			const child = model.get(key);
			if (!child) continue;
			shown.push(key);
			visit(child, depth + 1);
		}
		if (grouped || m.omitted) {
			const rest = grouped ? m.children.slice(groupShow).map((k) => model.get(k)!) : [];
			const group = groupNode(m, rest, depth + 1, grouped);
			view.hidden = group.hidden;
			nodes.push(group);
			edges.push(edge(m.key, group.key));
			shown.push(group.key);
		}
		shownChildren.set(m.key, shown);
	};
	for (const key of model.roots) {
		const root = model.get(key);
		if (root) visit(root, 0);
	}
	layout(nodes, shownChildren);
	return { nodes, edges };
}

function edge(source: string, target: string): ViewEdge {
	return { key: `${source}→${target}`, source, target };
}

function countBelow(model: SupervisionModel, m: ModelNode): number {
	let n = -1;
	for (const node of model.walk([m.key])) n += 1 + (node.omitted?.count ?? 0);
	return n;
}

function hasChildren(m: ModelNode): boolean {
	return m.children.length > 0 || m.omitted !== undefined;
}

/** Whether `m`'s children beyond the first `groupShow` fold into its group node. */
function folds(m: ModelNode, groupAbove: number, opts: ViewOptions): boolean {
	const total = m.children.length + (m.omitted?.count ?? 0);
	return m.dynamic === true && total > groupAbove && !opts.expandedGroups.has(m.key);
}

function toView(m: ModelNode, depth: number, collapsed: boolean, hidden: number): ViewNode {
	const pid = m.pid ?? (m.status === 'stopped' ? 'not running' : '…');
	const detail =
		m.kind === 'supervisor'
			? [strategyLabel(m), pid].filter(Boolean).join(' · ')
			: [pid, m.restart].filter(Boolean).join(' · ');
	const view: ViewNode = {
		key: m.key,
		kind: m.kind,
		parent: m.parent,
		depth,
		label: nodeLabel(m),
		detail,
		pid: m.pid,
		status: m.status,
		restarts: m.restarts,
		system: m.system === true,
		expandable: hasChildren(m),
		collapsed,
		hidden,
		x: 0,
		y: 0
	};
	if (m.restart) view.restart = m.restart;
	const strategy = strategyLabel(m);
	if (strategy) view.strategy = strategy;
	return view;
}

/**
 * The node standing for a supervisor's children not drawn: `rest` (folded) and those the read
 * left out. `folded` says whether unfolding it would show more; an unfolded pool's group holds
 * only the children left out, and folds the pool back.
 */
/** A node in a restart storm: a label that holds still instead of a new pid every redraw. */
function storm(view: ViewNode): void {
	view.status = 'restarting';
	view.detail = [view.kind === 'supervisor' ? view.strategy : '', 'restarting fast', view.restart]
		.filter(Boolean)
		.join(' · ');
}

function groupNode(sup: ModelNode, rest: ModelNode[], depth: number, folded: boolean): ViewNode {
	const modules = new Map<string, number>();
	const add = (module: string, n: number) => modules.set(module, (modules.get(module) ?? 0) + n);
	for (const c of rest) add(c.module ?? c.kind, 1);
	for (const m of sup.omitted?.modules ?? []) add(m.module, m.count);
	const [top] = [...modules].sort((a, b) => b[1] - a[1]);
	const count = rest.length + (sup.omitted?.count ?? 0);
	const down = rest.filter((c) => c.status !== 'running').length + (sup.omitted?.notRunning ?? 0);
	// An omitted summary names the commonest modules only: the others are unnamed.
	let named = 0;
	for (const n of modules.values()) named += n;
	const what =
		modules.size === 1 && named === count
			? `${top[0]} ×${formatCount(count)}`
			: `${modules.size}${named < count ? '+' : ''} modules`;
	return {
		key: groupKey(sup.key),
		kind: 'group',
		parent: sup.key,
		depth,
		label: `+${formatCount(count)} more`,
		detail: [what, down ? `${formatCount(down)} down` : '', folded ? '' : 'not drawn']
			.filter(Boolean)
			.join(' · '),
		pid: null,
		status: down ? 'down' : 'running',
		restarts: rest.reduce((n, c) => n + c.restarts, 0),
		system: sup.system === true,
		// Only a pool folds and unfolds; a plain supervisor's children left out just show a count.
		expandable: sup.dynamic === true,
		collapsed: folded,
		hidden: count,
		x: 0,
		y: 0
	};
}

/** Tidy tree: leaves on consecutive rows, parents centred on their shown children. */
function layout(nodes: ViewNode[], shownChildren: Map<string, string[]>): void {
	const byKey = new Map(nodes.map((n) => [n.key, n]));
	let row = 0;
	for (const n of nodes) n.x = n.depth * COLUMN_GAP;
	const place = (n: ViewNode): void => {
		const kids = shownChildren.get(n.key) ?? [];
		if (kids.length === 0) {
			n.y = row++ * ROW_GAP;
			return;
		}
		for (const k of kids) place(byKey.get(k)!);
		const first = byKey.get(kids[0])!;
		const last = byKey.get(kids[kids.length - 1])!;
		n.y = (first.y + last.y) / 2;
	};
	for (const n of nodes) {
		if (n.parent === null) {
			place(n);
			row++; // a blank row between two trees
		}
	}
}

/** What changed between two views of the same tree, node by node. */
export interface ViewDiff {
	added: ViewNode[];
	removed: string[];
	/** Nodes whose drawing changed (its text, kind, restart type or status): only these restyle. */
	changed: ViewNode[];
	/** Nodes that only moved. */
	moved: ViewNode[];
	addedEdges: ViewEdge[];
	removedEdges: string[];
	/** Keys whose `restarts` grew: the drawing flashes them. */
	restarted: string[];
	/** Keys that went down since the previous view. */
	crashed: string[];
}

/** What the drawing shows of a node (tree_drawing's nodeData and nodeText). */
const LOOKS: Array<keyof ViewNode> = [
	'kind',
	'label',
	'detail',
	'restart',
	'status',
	'collapsed',
	'hidden'
];

export function diffView(before: TreeView | null, after: TreeView): ViewDiff {
	const diff: ViewDiff = {
		added: [],
		removed: [],
		changed: [],
		moved: [],
		addedEdges: [],
		removedEdges: [],
		restarted: [],
		crashed: []
	};
	const old = new Map((before?.nodes ?? []).map((n) => [n.key, n]));
	for (const n of after.nodes) {
		const o = old.get(n.key);
		if (!o) {
			diff.added.push(n);
			continue;
		}
		old.delete(n.key);
		if (LOOKS.some((k) => o[k] !== n[k])) diff.changed.push(n);
		if (o.x !== n.x || o.y !== n.y) diff.moved.push(n);
		if (n.restarts > o.restarts) diff.restarted.push(n.key);
		if (n.status === 'down' && o.status !== 'down') diff.crashed.push(n.key);
	}
	diff.removed = [...old.keys()];
	const oldEdges = new Set((before?.edges ?? []).map((e) => e.key));
	for (const e of after.edges) {
		if (!oldEdges.delete(e.key)) diff.addedEdges.push(e);
	}
	diff.removedEdges = [...oldEdges];
	return diff;
}

export function isEmptyDiff(d: ViewDiff): boolean {
	return (
		d.added.length + d.removed.length + d.changed.length + d.moved.length === 0 &&
		d.addedEdges.length + d.removedEdges.length === 0
	);
}

/** Where a key takes the keyboard focus, as in a WAI-ARIA tree. */
export type NavResult = { focus: string } | { toggle: string } | null;

export function navigate(view: TreeView, current: string | null, key: string): NavResult {
	const { nodes } = view;
	if (nodes.length === 0) return null;
	const index = current === null ? -1 : nodes.findIndex((n) => n.key === current);
	if (index < 0) return { focus: nodes[0].key };
	const node = nodes[index];
	switch (key) {
		case 'ArrowDown':
			return index + 1 < nodes.length ? { focus: nodes[index + 1].key } : null;
		case 'ArrowUp':
			return index > 0 ? { focus: nodes[index - 1].key } : null;
		case 'Home':
			return { focus: nodes[0].key };
		case 'End':
			return { focus: nodes[nodes.length - 1].key };
		case 'ArrowRight':
			if (!node.expandable) return null;
			if (node.collapsed) return { toggle: node.key };
			return index + 1 < nodes.length && nodes[index + 1].parent === node.key
				? { focus: nodes[index + 1].key }
				: null;
		case 'ArrowLeft':
			if (node.expandable && !node.collapsed && node.kind !== 'group') return { toggle: node.key };
			return node.parent !== null ? { focus: node.parent } : null;
		default:
			return null;
	}
}

/** What must open for `key` to show: collapsed ancestors, and the group that folds it. */
export function revealPath(
	model: SupervisionModel,
	key: string,
	opts: ViewOptions
): { expand: string[]; expandGroup: string | null } {
	const node = model.get(key);
	if (!node) return { expand: [], expandGroup: null };
	const expand = model.ancestors(key).filter((k) => opts.collapsed.has(k));
	const parent = node.parent === null ? undefined : model.get(node.parent);
	const folded =
		parent !== undefined &&
		folds(parent, opts.groupAbove ?? 25, opts) &&
		parent.children.indexOf(key) >= (opts.groupShow ?? 10);
	return { expand, expandGroup: folded ? parent.key : null };
}

/** The next node (after `after`, wrapping) matching `query`, with what must open for it to show. */
export function search(
	model: SupervisionModel,
	query: string,
	opts: ViewOptions,
	after: string | null = null
): { key: string; expand: string[]; expandGroup: string | null } | null {
	const all = [...model.walk()];
	const start = after === null ? 0 : all.findIndex((n) => n.key === after) + 1;
	for (let i = 0; i < all.length; i++) {
		const node = all[(start + i) % all.length];
		if (matches(node, query)) return { key: node.key, ...revealPath(model, node.key, opts) };
	}
	return null;
}

/** `set` with `key` added, or removed if it was there: a new set (the stores replace theirs). */
export function toggled(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
	const out = new Set(set);
	if (!out.delete(key)) out.add(key);
	return out;
}

export function withAll(set: Iterable<string>, keys: Iterable<string>): ReadonlySet<string> {
	return new Set([...set, ...keys]);
}

export function withoutAll(set: ReadonlySet<string>, keys: Iterable<string>): ReadonlySet<string> {
	const out = new Set(set);
	for (const k of keys) out.delete(k);
	return out;
}
