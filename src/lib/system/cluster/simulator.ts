/**
 * SuperLearner.SingleNodeSimulator: a GenServer in SuperLearner.Supervisor that owns the
 * simulated cluster's nodes. Each node is a sandbox node in a worker of its own (the sandboxes'
 * runner, mirror and guard), booted as a cluster node `<name>@sim`, running a program or an
 * empty root supervisor; its pids and `node=` reach Arsenal as a sandbox's do. The simulator is
 * also the broker (connections on request, refused across a partition), makes and heals
 * partitions, and sets the links' latency and loss. A node whose worker dies is `down`: every
 * other node loses its connection (nodedown, noconnection), and nothing else changes.
 *
 * Requests are calls, one at a time; a node's death comes as a message, served in order with
 * them. Nodes' connection requests go to the broker as they come (see broker.ts): one made
 * across a partition, or while it is made, is refused or cut.
 */
import { GenServer, type ChildSpec, type GenServerModule, type ProcessContext } from '$lib/runtime';
import { nodeTimeout } from '$lib/runtime/host';
import { ArsenalError, validationFailed } from '$lib/arsenal/errors';
import {
	clusterNodeName,
	MAX_CLUSTER_NODES,
	type ClusterNodeOut,
	type LinkRequest,
	type LinkViewOut,
	type PartitionOut,
	type PartitionRequest,
	type StartNodeRequest
} from '$lib/arsenal/cluster_schemas';
import { Sandbox, type DistributionEvent } from '$lib/system/sandboxes/sandbox';
import { startSandbox, type RunnerOptions } from '$lib/system/sandboxes/runner';
import type { BuildOutput } from '$lib/sandbox/compiler/build';
import { Broker } from './broker';
import { CLUSTER_STATE_MANAGER, SINGLE_NODE_SIMULATOR, type ClusterEvent } from './events';
import { pairKey, type ClusterMembers, type Member } from './members';
import { describeMember } from './views';

export interface SimulatorOptions {
	members: ClusterMembers;
	/** How sandbox nodes start (the SandboxManager's workers and compiler, its table's numbers). */
	runner: RunnerOptions;
	/**
	 * How long a node may take to start, ms of the system node's clock, read at each start (the
	 * system's cluster.startupTimeout); {@link STARTUP_TIMEOUT_MS} without it.
	 */
	startupTimeout?: () => number;
}

/** A node's time to start when nothing sets another. */
export const STARTUP_TIMEOUT_MS = 10_000;

export type SimulatorRequest =
	| { type: 'start'; req: StartNodeRequest }
	| { type: 'stop'; name: string }
	| { type: 'partition'; req: PartitionRequest }
	| { type: 'heal' }
	| { type: 'links'; req: LinkRequest };

interface State {
	opts: SimulatorOptions;
	broker: Broker;
}

/** An empty node's program: a root supervisor with no children. */
const EMPTY_ROOT = "{ name: 'Cluster.Root', init: () => ['ok', { strategy: 'one_for_one' }, []] }";
const EMPTY_FILES = { 'main.ts': `export default ${EMPTY_ROOT};` };
/** The same, built already (a program bundle): an empty node needs no compiler to start. */
const EMPTY_BUILD: BuildOutput = {
	code: `module.exports = { entry: 'main.ts', files: { 'main.ts': { default: ${EMPTY_ROOT} } } };`,
	diagnostics: [],
	buildMs: 0,
	cached: true
};

/** What a node whose worker is gone sends the simulator (through the node, from outside it). */
const NODE_DOWN = 'node_down';

/** Why the others lose a node whose worker is gone, as Erlang says it. */
const GONE = 'connection_closed';

const Simulator: GenServerModule<State, SimulatorOptions> = {
	name: SINGLE_NODE_SIMULATOR,
	init(opts, ctx) {
		// So that terminate runs on shutdown and ends every node's worker.
		ctx.trapExit(true);
		// A predecessor's nodes: nothing watches their workers any more.
		const { table } = opts.runner;
		for (const sandbox of table.clusterNodes.values()) {
			sandbox.detach('the cluster simulator restarted');
		}
		table.clusterNodes.clear();
		opts.members.byName.clear();
		opts.members.pairs.clear();
		opts.members.partitions = [];
		return ['ok', { opts, broker: new Broker(opts.members) }];
	},
	async handleCall(request, _from, state, ctx) {
		try {
			return ['reply', ['ok', await serve(request as SimulatorRequest, state, ctx)], state];
		} catch (error) {
			return ['reply', ['error', error], state];
		}
	},
	async handleInfo(message, state, ctx) {
		// EXITs of the nodes' watchdogs (linked) need nothing.
		if (!Array.isArray(message) || message[0] !== NODE_DOWN) return ['noreply', state];
		const member = state.opts.members.byName.get(message[1] as string);
		if (member) await nodeDown(member, state, ctx);
		return ['noreply', state];
	},
	terminate(_reason, { opts }) {
		for (const member of opts.members.byName.values()) {
			member.sandbox.detach('the cluster simulator stopped');
		}
	}
};

async function serve(req: SimulatorRequest, state: State, ctx: ProcessContext): Promise<unknown> {
	switch (req.type) {
		case 'start':
			return start(req.req, state, ctx);
		case 'stop':
			return stop(req.name, state, ctx);
		case 'partition':
			return partition(req.req, state);
		case 'heal':
			return heal(state);
		case 'links':
			return setLinks(req.req, state);
	}
}

/** Shuts the node's root down in order and ends its worker; the others lose it. */
async function stop(
	name: string,
	state: State,
	ctx: ProcessContext
): Promise<{ node: string; stopped: true }> {
	const { members } = state.opts;
	if (members.isSystem(name)) {
		throw new ArsenalError('unauthorized', 'The system node cannot be stopped.', { node: name });
	}
	const member = members.find(name);
	const wasUp = member.status === 'up';
	member.status = 'stopped';
	await member.sandbox.worker?.api.stop().catch(() => {});
	member.sandbox.detach('the node was stopped');
	if (wasUp) await state.broker.dropNode(member, GONE);
	members.remove(member.name);
	notify(ctx, { type: 'node_stopped', node: member.name });
	return { node: member.name, stopped: true };
}

async function start(
	req: StartNodeRequest,
	state: State,
	ctx: ProcessContext
): Promise<ClusterNodeOut> {
	const { members, runner } = state.opts;
	const name = clusterNodeName(req.name);
	if (members.byName.has(name) || members.isSystem(name)) {
		throw new ArsenalError('conflict', `A node named '${name}' already exists.`, { node: name });
	}
	if (members.byName.size >= MAX_CLUSTER_NODES) {
		throw new ArsenalError(
			'limit_exceeded',
			`The cluster already has ${MAX_CLUSTER_NODES} nodes; stop one first.`,
			{ maxNodes: MAX_CLUSTER_NODES }
		);
	}
	const files = req.files ?? EMPTY_FILES;
	const entry = req.files ? req.entry : 'main.ts';
	if (!Object.hasOwn(files, entry)) {
		throw validationFailed([{ field: 'entry', reason: `no file named '${entry}'` }]);
	}
	const sandbox = new Sandbox(name, files, entry, Date.now(), { nodeName: name });
	const member: Member = {
		name,
		short: req.name,
		sandbox,
		program: req.files ? entry : 'empty',
		status: 'starting',
		startedAt: Date.now()
	};
	members.add(member);
	sandbox.onDistribution = (event) => onDistribution(member, event, state.broker, ctx);
	// A worker gone (crashed, unresponsive, over budget) leaves the sandbox detached, not running.
	sandbox.onChange = () => {
		if (!sandbox.worker && member.status === 'up') ctx.node.send(ctx.self, [NODE_DOWN, name]);
	};
	const limit = state.opts.startupTimeout?.() ?? STARTUP_TIMEOUT_MS;
	let timedOut = false;
	let cancel = () => {};
	const late = new Promise<never>((_, reject) => {
		cancel = nodeTimeout(ctx.node, limit, () => {
			timedOut = true;
			reject(
				new ArsenalError(
					'timeout',
					`Node ${name} did not start within ${limit / 1000} s (cluster.startupTimeout); its worker was ended.`,
					{ node: name, startupTimeout: limit }
				)
			);
		});
	});
	const build = req.files ? runner : { ...runner, compile: () => Promise.resolve(EMPTY_BUILD) };
	const starting = startSandbox(sandbox, build, ctx, { distribution: { seed: seedOf(name) } });
	// A start that goes on past the limit (a slow build) ends the worker it makes.
	starting.then(
		() => timedOut && sandbox.detach('it did not start in time'),
		() => {}
	);
	try {
		await Promise.race([starting, late]);
	} catch (error) {
		if (timedOut) {
			sandbox.detach('it did not start in time');
			sandbox.setStatus('failed', 'startup timeout');
		}
		members.remove(name);
		throw error;
	} finally {
		cancel();
	}
	member.status = 'up';
	member.startedAt = Date.now();
	return describeMember(member);
}

/** A node's request for a connection goes to the broker at once; its nodeup/nodedown to the state. */
function onDistribution(
	member: Member,
	event: DistributionEvent,
	broker: Broker,
	ctx: ProcessContext
): void {
	if (event.type === 'dist_request') {
		void broker.request(member, event.peer).catch(() => {});
		return;
	}
	notify(ctx, { type: event.event, node: member.name, peer: event.node });
}

async function nodeDown(member: Member, state: State, ctx: ProcessContext): Promise<void> {
	if (member.status !== 'up') return;
	member.status = 'down';
	member.downReason = member.sandbox.reason ?? 'its worker ended';
	await state.broker.dropNode(member, GONE);
	notify(ctx, { type: 'node_down', node: member.name });
}

/** Cuts the sides apart (both ways, refusing reconnection until heal), or `from` → `to` only. */
async function partition(
	req: PartitionRequest,
	state: State
): Promise<{ partitions: PartitionOut[] }> {
	const { broker } = state;
	const cluster = state.opts.members;
	if ('sides' in req) {
		const sides = req.sides.map((side, i) =>
			side.map((name, j) => knownOnce(cluster, name, `sides[${i}][${j}]`, req.sides, [i, j]))
		);
		const names = sides.map((side) => side.map((m) => m.name));
		cluster.partitions.push({ id: cluster.partitionId(), sides: names });
		const cuts: Promise<void>[] = [];
		for (const [i, side] of sides.entries()) {
			for (const other of sides.slice(i + 1)) {
				for (const a of side) for (const b of other) cuts.push(broker.cut(a, b, 'disconnect'));
			}
		}
		await Promise.all(cuts);
	} else {
		const from = known(cluster, req.from, 'from');
		const to = known(cluster, req.to, 'to');
		if (from === to) throw validationFailed([{ field: 'to', reason: 'the same node as from' }]);
		cluster.partitions.push({ id: cluster.partitionId(), from: from.name, to: to.name });
		await broker.applyLink(from, to);
	}
	return { partitions: cluster.partitions };
}

/** Lifts every partition, and connects again the pairs they had cut (so that nodeup shows). */
async function heal(state: State): Promise<{ healed: number; partitions: [] }> {
	const { broker } = state;
	const cluster = state.opts.members;
	const lifted = cluster.partitions;
	cluster.partitions = [];
	const oneWays = lifted.flatMap((p) => ('from' in p ? [p] : []));
	await Promise.all(
		oneWays.map((p) => {
			const [from, to] = [cluster.byName.get(p.from), cluster.byName.get(p.to)];
			return from && to ? broker.applyLink(from, to) : Promise.resolve();
		})
	);
	const cut = [...cluster.pairs.values()].filter((pair) => !pair.up);
	for (const pair of cut) {
		const [a, b] = [cluster.byName.get(pair.a), cluster.byName.get(pair.b)];
		if (a?.status === 'up' && b?.status === 'up') await broker.connect(a, b);
	}
	return { healed: lifted.length, partitions: [] };
}

/** Latency and loss of the connections from `from`, to `to`, or every one; kept for new ones. */
async function setLinks(req: LinkRequest, state: State): Promise<{ links: LinkViewOut[] }> {
	const cluster = state.opts.members;
	const from = req.from === undefined ? undefined : cluster.find(req.from);
	const to = req.to === undefined ? undefined : cluster.find(req.to);
	const change = (current: { latencyMs: number; loss: number }) => ({
		latencyMs: req.latencyMs ?? current.latencyMs,
		loss: req.loss ?? current.loss
	});
	if (!from && !to) {
		cluster.everyLink = change(cluster.everyLink);
		cluster.links.clear();
	}
	const members = [...cluster.byName.values()];
	const directions: Array<[Member, Member]> = [];
	for (const a of from ? [from] : members) {
		for (const b of to ? [to] : members) if (a !== b) directions.push([a, b]);
	}
	for (const [a, b] of directions) {
		if (from || to)
			cluster.links.set(`${a.name}>${b.name}`, change(cluster.linkOf(a.name, b.name)));
	}
	await Promise.all(directions.map(([a, b]) => state.broker.applyLink(a, b)));
	const changed = directions.filter(([a, b]) => cluster.pairs.has(pairKey(a.name, b.name)));
	return { links: changed.map(([a, b]) => cluster.linkView(a.name, b.name)) };
}

/** The member `name` names; 422 naming `field` otherwise. */
function known(cluster: ClusterMembers, name: string, field: string): Member {
	const member = cluster.byName.get(clusterNodeName(name));
	if (!member) throw validationFailed([{ field, reason: `no cluster node named '${name}'` }]);
	return member;
}

/** As {@link known}, and not named earlier in `sides` (at `[i, j]`). */
function knownOnce(
	cluster: ClusterMembers,
	name: string,
	field: string,
	sides: string[][],
	[i, j]: [number, number]
): Member {
	const member = known(cluster, name, field);
	const earlier = sides.some((side, k) =>
		side.some((n, l) => (k < i || (k === i && l < j)) && clusterNodeName(n) === member.name)
	);
	if (earlier) throw validationFailed([{ field, reason: `${member.name} is named twice` }]);
	return member;
}

/** Tells the ClusterStateManager (a cast: the simulator never waits on it). */
function notify(ctx: ProcessContext, event: ClusterEvent): void {
	ctx.node.cast(CLUSTER_STATE_MANAGER, event);
}

/** A node's distribution seed, from its name: the same name, the same losses. */
function seedOf(name: string): number {
	let hash = 2166136261;
	for (const c of name) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619) >>> 0;
	return hash;
}

/** SingleNodeSimulator as a child of SuperLearner.Supervisor. */
export function simulatorChild(opts: SimulatorOptions): ChildSpec {
	return GenServer.childSpec(Simulator, opts, {
		start: (sup) => GenServer.startLink(sup, Simulator, opts, { name: SINGLE_NODE_SIMULATOR })
	});
}
