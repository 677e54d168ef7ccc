import type { Template } from './template';

const main = `import { GenServer, Node, Supervisor, type ChildSpec, type SupervisorModule } from 'superlearner';
import { HOME, WORKERS } from './cluster';
import { GlobalNames, SERVER } from './global_names';
import { Leader } from './leader';
import { Watcher } from './watcher';
import { Worker } from './worker';

/** A child started only on the nodes where \`here(node)\` holds; elsewhere it is 'ignore'd. */
function only(here: (node: string) => boolean, spec: ChildSpec): ChildSpec {
	return {
		...spec,
		start: (sup) => (here(Node.self(sup)) ? spec.start(sup) : Promise.resolve('ignore'))
	};
}

/** HOME's workers, each registered under its name: other nodes reach it as { name, node }. */
const Workers: SupervisorModule = {
	name: 'Workers',
	init: () => [
		'ok',
		{ strategy: 'one_for_one', intensity: 3 },
		WORKERS.map((name) => ({
			id: name,
			start: (sup) => GenServer.startLink(sup, Worker, name, { name }),
			modules: ['Worker']
		}))
	]
};

/**
 * The same tree on every node: global_names and a leader everywhere, the workers on HOME, a
 * watcher of them on the others. On /cluster, cut c off and watch c's watches end with
 * 'noconnection' and c elect its own leader; heal, and one leader is killed.
 */
const App: SupervisorModule = {
	name: 'App',
	init: () => [
		'ok',
		{ strategy: 'one_for_one', intensity: 5 },
		[
			{
				id: 'global_names',
				start: (sup) => GenServer.startLink(sup, GlobalNames, undefined, { name: SERVER }),
				modules: ['GlobalNames']
			},
			only((node) => node === HOME, Supervisor.childSpec(Workers)),
			only((node) => node !== HOME, GenServer.childSpec(Watcher, undefined, { id: 'watcher' })),
			GenServer.childSpec(Leader, undefined, { id: 'leader' })
		]
	]
};

export default App;
`;

const cluster = `import type { ProcessContext } from 'superlearner';

/**
 * The cluster this program runs on. The same files run on every node, and each node starts the
 * part that is its own. /cluster's "Start the netsplit demo" starts all three.
 */
export const CLUSTER = ['a@sim', 'b@sim', 'c@sim'];

/** The node that runs the workers; the others watch them from afar. */
export const HOME = 'a@sim';

/** The workers' names, registered on HOME. */
export const WORKERS = ['worker_1', 'worker_2'];

/** Sends \`message\` back to the caller after \`ms\`, from a short-lived process of its own. */
export function later(ctx: ProcessContext, ms: number, message: unknown): void {
	const self = ctx.self;
	ctx.spawn(
		async (t) => {
			await t.sleep(ms);
			t.send(self, message);
		},
		{ label: 'later' }
	);
}
`;

const worker = `import { type GenServerModule } from 'superlearner';

/** A worker on HOME: counts the jobs sent to it, from any node, and tells how many when called. */
export const Worker: GenServerModule<{ name: string; jobs: number }, string> = {
	name: 'Worker',
	init: (name) => ['ok', { name, jobs: 0 }],
	handleCall(request, _from, state) {
		if (request === 'jobs') return ['reply', state.jobs, state];
		return ['reply', ['error', 'unknown_call'], state];
	},
	handleCast(_job, state) {
		return ['noreply', { ...state, jobs: state.jobs + 1 }];
	}
};
`;

const watcher = `import {
	GenServer,
	monitorNode,
	Node,
	TIMEOUT,
	type DownMessage,
	type GenServerModule,
	type ProcessContext
} from 'superlearner';
import { HOME, later, WORKERS } from './cluster';

/** How a watch ends: the worker it watched, and the reason its DOWN gave. */
interface WatchEnd {
	worker: string;
	down: unknown;
}

/**
 * Runs on every node but HOME and watches HOME's workers from afar. Each worker gets a "watch":
 * a small linked process that monitors it across nodes, \`ctx.monitor({ name, node })\`, and exits
 * with the DOWN's reason when one comes: 'noconnection' when a netsplit cuts HOME off, the
 * worker's own reason when it crashes. The watcher traps that exit; after a crash it watches the
 * restarted worker, after a netsplit it pings HOME each second and watches again once it answers.
 * Meanwhile it sends each worker a job every 2 s: \`{ name, node }\` reaches a name on another node.
 */
export const Watcher: GenServerModule<{ lost: string[] }> = {
	name: 'Watcher',

	init(_args, ctx) {
		ctx.trapExit(true);
		monitorNode(ctx, HOME, true);
		for (const worker of WORKERS) watch(ctx, worker);
		later(ctx, 2000, 'jobs');
		return ['ok', { lost: [] }];
	},

	async handleInfo(message, state, ctx) {
		if (message === 'jobs') {
			for (const name of WORKERS) GenServer.cast(ctx, { name, node: HOME }, 'job');
			later(ctx, 2000, 'jobs');
			return ['noreply', state];
		}
		if (message === 'ping') {
			if ((await Node.ping(ctx, HOME)) === 'pang') {
				later(ctx, 1000, 'ping');
				return ['noreply', state];
			}
			console.log(\`\${HOME} answers again: watching \${state.lost.join(', ')}\`);
			monitorNode(ctx, HOME, true);
			for (const worker of state.lost) watch(ctx, worker);
			return ['noreply', { lost: [] }];
		}
		const m = message as {
			kind?: string;
			node?: string;
			reason?: WatchEnd;
			watch?: string;
		};
		if (m.watch) watch(ctx, m.watch);
		if (m.kind === 'nodedown') console.log(\`\${m.node} is down, as \${Node.self(ctx)} sees it\`);
		if (m.kind !== 'EXIT' || !m.reason?.worker) return ['noreply', state];
		const { worker, down } = m.reason;
		console.log(\`\${worker} on \${HOME} is DOWN: \${String(down)}\`);
		if (down !== 'noconnection') {
			// It crashed: its supervisor restarts it under the same name; watch that one.
			later(ctx, 1000, { watch: worker });
			return ['noreply', state];
		}
		if (state.lost.length === 0) later(ctx, 1000, 'ping');
		return ['noreply', { lost: [...state.lost, worker] }];
	}
};

/** Starts the watch of one worker on HOME, linked to the watcher. */
function watch(ctx: ProcessContext, worker: string): void {
	ctx.spawnLink(
		async (t) => {
			const ref = t.monitor({ name: worker, node: HOME });
			const down = await t.receive<DownMessage>({
				match: (m) => (m as DownMessage).kind === 'DOWN' && (m as DownMessage).ref === ref
			});
			if (down !== TIMEOUT) t.exit({ worker, down: down.reason } satisfies WatchEnd);
		},
		{ label: \`watch \${worker}\` }
	);
}
`;

const globalNames = `import { GenServer, Node, type GenServerModule, type Pid, type ProcessContext } from 'superlearner';
import { CLUSTER, later } from './cluster';

/**
 * A cluster-wide name registry, after Erlang's \`global\`: one server per node, registered there
 * as 'global_names', each holding every node's names. A name is registered by the server of the
 * node its process runs on, which tells the servers it is connected to.
 *
 * A netsplit lets both sides register the same name: each side sees the other's holder go with
 * its node. On heal the servers send each other their names and find the clash. As global's
 * random_exit_name does, one holder is kept everywhere and the other is killed, with reason
 * ['global_name_conflict', name]. global picks at random; here the holder on the node whose
 * name sorts first is kept, so that every server decides alike without asking the others.
 */
export const SERVER = 'global_names';

interface Holder {
	pid: Pid;
	node: string;
}
type Names = Record<string, Holder>;

/** Registers \`pid\` (the caller's own by default) cluster-wide: 'yes', or 'no' if taken. */
export function registerName(ctx: ProcessContext, name: string, pid = ctx.self) {
	return GenServer.call<'yes' | 'no'>(ctx, SERVER, ['register', name, pid]);
}

/** The process registered as \`name\` on any node, or null. */
export function whereisName(ctx: ProcessContext, name: string) {
	return GenServer.call<Pid | null>(ctx, SERVER, ['whereis', name]);
}

export const GlobalNames: GenServerModule<Names> = {
	name: 'GlobalNames',

	init(_args, ctx) {
		Node.monitorAll(ctx, true);
		// Connect to the cluster, as global does at boot: names are shared on each nodeup. Not
		// awaited: init holds up the node's start, and a connection may wait for it.
		for (const node of CLUSTER) if (node !== Node.self(ctx)) void Node.connect(ctx, node);
		return ['ok', {}];
	},

	handleCall(request, _from, names, ctx) {
		const [op, name, pid] = request as [string, string, Pid?];
		if (op === 'whereis') return ['reply', names[name]?.pid ?? null, names];
		if (op !== 'register' || !pid) return ['reply', ['error', 'unknown_call'], names];
		if (names[name]) return ['reply', 'no', names];
		const holder = { pid, node: Node.self(ctx) };
		ctx.monitor(pid);
		for (const node of Node.list(ctx)) {
			GenServer.cast(ctx, { name: SERVER, node }, ['names', { [name]: holder }]);
		}
		return ['reply', 'yes', { ...names, [name]: holder }];
	},

	handleCast(message, names, ctx) {
		const [op, theirs] = message as [string, Names];
		return ['noreply', op === 'names' ? merge(ctx, names, theirs) : names];
	},

	async handleInfo(message, names, ctx) {
		const m = message as {
			kind?: string;
			node?: string;
			pid?: Pid;
			reconnect?: string;
		};
		const self = Node.self(ctx);
		if (m.kind === 'nodeup' && m.node) {
			GenServer.cast(ctx, { name: SERVER, node: m.node }, ['names', held(names, self)]);
		}
		if (m.kind === 'nodedown' && m.node) {
			// Its names go with it; try to reach it again each second, as connect_all would.
			later(ctx, 1000, { reconnect: m.node });
			return ['noreply', without(names, (h) => h.node === m.node)];
		}
		if (m.reconnect && (await Node.ping(ctx, m.reconnect)) === 'pang') {
			later(ctx, 1000, m);
		}
		if (m.kind === 'DOWN' && m.pid) {
			return ['noreply', without(names, (h) => h.pid === m.pid)];
		}
		return ['noreply', names];
	}
};

/** The names held by processes of \`node\`. */
function held(names: Names, node: string): Names {
	return Object.fromEntries(Object.entries(names).filter(([, h]) => h.node === node));
}

function without(names: Names, gone: (h: Holder) => boolean): Names {
	return Object.fromEntries(Object.entries(names).filter(([, h]) => !gone(h)));
}

/** Takes another server's names; a name held by two processes keeps one, and kills the other. */
function merge(ctx: ProcessContext, names: Names, theirs: Names): Names {
	const merged = { ...names };
	for (const [name, holder] of Object.entries(theirs)) {
		const mine = merged[name];
		if (!mine || String(mine.pid) === String(holder.pid)) {
			merged[name] = holder;
			continue;
		}
		const [kept, lost] = mine.node <= holder.node ? [mine, holder] : [holder, mine];
		merged[name] = kept;
		if (lost.node === Node.self(ctx)) {
			console.log(\`'\${name}' is held on both sides: \${String(kept.pid)} keeps it\`);
			ctx.exitSignal(lost.pid, ['global_name_conflict', name]);
		}
	}
	return merged;
}
`;

const leader = `import {
	GenServer,
	Node,
	rpc,
	type DownMessage,
	type GenServerModule,
	type Pid
} from 'superlearner';
import { later } from './cluster';
import { registerName, whereisName } from './global_names';

interface LeaderState {
	role: 'candidate' | 'leader' | 'follower';
	leader: Pid | null;
}

/**
 * One per node. Each tries to register the cluster-wide name 'leader': one wins and the others
 * follow it, with a monitor across nodes. When the leader is DOWN (it crashed, or a netsplit cut
 * it off: reason 'noconnection') its followers try again, so each side of a netsplit elects its
 * own leader; on heal, global_names keeps one and kills the other. The leader counts the
 * cluster's processes with rpc every 5 s.
 */
export const Leader: GenServerModule<LeaderState> = {
	name: 'Leader',

	init(_args, ctx) {
		// A moment for global_names to learn the names the cluster already holds.
		later(ctx, 500, 'elect');
		return ['ok', { role: 'candidate', leader: null }];
	},

	handleCall(request, _from, state) {
		if (request === 'role') return ['reply', state.role, state];
		return ['reply', ['error', 'unknown_call'], state];
	},

	async handleInfo(message, state, ctx) {
		if (message === 'elect') {
			if ((await registerName(ctx, 'leader')) === 'yes') {
				console.log(\`\${Node.self(ctx)} leads\`);
				later(ctx, 5000, 'count');
				return ['noreply', { role: 'leader', leader: ctx.self }];
			}
			const leader = await whereisName(ctx, 'leader');
			if (!leader) {
				later(ctx, 500, 'elect');
				return ['noreply', state];
			}
			ctx.monitor(leader);
			console.log(\`\${Node.self(ctx)} follows \${String(leader)}\`);
			return ['noreply', { role: 'follower', leader }];
		}
		if (message === 'count' && state.role === 'leader') {
			for (const node of [Node.self(ctx), ...Node.list(ctx)]) {
				const count = await rpc.call(ctx, node, 'erlang', 'processCount', []);
				console.log(\`\${node}: \${JSON.stringify(count)} processes\`);
			}
			later(ctx, 5000, 'count');
		}
		const down = message as DownMessage;
		if (down.kind === 'DOWN' && state.role === 'follower') {
			console.log(\`the leader \${String(down.pid)} is DOWN: \${String(down.reason)}\`);
			later(ctx, 200, 'elect');
			return ['noreply', { role: 'candidate', leader: null }];
		}
		return ['noreply', state];
	}
};
`;

const globalNamesTest = `import { GenServer, type Pid } from 'superlearner';
import { expect, test } from 'superlearner/test';
import { GlobalNames, SERVER } from './global_names';

// A test's node stands alone (no cluster): this checks the registry's own rules; /cluster shows
// what a netsplit does to them.
test('a global name is taken once, found by whereis, and freed when its holder exits', async ({
	node
}) => {
	await GenServer.start(node, GlobalNames, undefined, { name: SERVER });
	const holder = node.spawn((ctx) => ctx.receive());
	const other = node.spawn((ctx) => ctx.receive());
	expect(await GenServer.call(node, SERVER, ['register', 'leader', holder])).toBe('yes');
	expect(await GenServer.call(node, SERVER, ['register', 'leader', other])).toBe('no');
	expect(await GenServer.call<Pid | null>(node, SERVER, ['whereis', 'leader'])).toBe(holder);
	node.exit(holder, 'kill');
	await node.settle();
	expect(await GenServer.call(node, SERVER, ['whereis', 'leader'])).toBe(null);
});
`;

/**
 * Distribution on three nodes: workers on a@sim watched from b@sim and c@sim by remote monitors
 * (DOWN 'noconnection' on a netsplit), and a `global`-like name registry whose 'leader' each
 * side of a split elects for itself; on heal one leader is kept and the other killed.
 */
export const distributedTemplate: Template = {
	id: 'distributed',
	title: 'Netsplit: remote monitors and global names',
	description:
		'For /cluster: workers on a watched from b and c across nodes, and a cluster-wide leader name that a netsplit lets both sides take.',
	files: {
		'main.ts': main,
		'cluster.ts': cluster,
		'worker.ts': worker,
		'watcher.ts': watcher,
		'global_names.ts': globalNames,
		'leader.ts': leader,
		'global_names.test.ts': globalNamesTest
	},
	entry: 'main.ts'
};
