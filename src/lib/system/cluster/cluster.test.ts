/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- answers are JSON, read the way a client reads them */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { testSystem, type TestSystem } from '$lib/testing/arsenal';
import { inThreadWorkers, warmCompiler, type InThreadWorkers } from '$lib/testing/sandbox';
import { SystemSettings } from '$lib/system/config';

let workers: InThreadWorkers;
let t: TestSystem;
/** Programs built so far. */
let builds: number;

beforeAll(warmCompiler, 30_000);

beforeEach(async () => {
	workers = inThreadWorkers();
	builds = 0;
	const compile = workers.options.compile;
	t = await testSystem({
		demo: false,
		sandboxes: {
			...workers.options,
			compile: (request) => {
				builds++;
				return compile(request);
			}
		}
	});
});

afterEach(async () => {
	await t.system.shutdown();
	workers.closeAll();
});

/** Node b's program: a server registered as `store`. */
const STORE = {
	'main.ts': `import { GenServer } from 'superlearner';
const Store = { name: 'Store', init: () => ['ok', 0], handleCall: (_r, _f, n) => ['reply', n, n] };
export default {
	name: 'B.Root',
	init: () => ['ok', { strategy: 'one_for_one' }, [
		GenServer.childSpec(Store, null, { start: (sup) => GenServer.startLink(sup, Store, null, { name: 'store' }) })
	]]
};`
};

/** Node a's program: `watcher` monitors {store, b@sim} and keeps the reasons of its DOWNs. */
const WATCHER = {
	'main.ts': `import { GenServer } from 'superlearner';
const Watcher = {
	name: 'Watcher',
	init: (_arg, ctx) => {
		ctx.register('watcher');
		ctx.monitor({ name: 'store', node: 'b@sim' });
		return ['ok', []];
	},
	handleInfo: (msg, downs) => ['noreply', msg?.kind === 'DOWN' ? [...downs, msg.reason] : downs],
	handleCall: (_r, _f, downs) => ['reply', downs, downs]
};
export default {
	name: 'A.Root',
	init: () => ['ok', { strategy: 'one_for_one', intensity: 0 }, [GenServer.childSpec(Watcher)]]
};`
};

/** A node whose start waits on another node: its server's init pings b@sim. */
const PINGER = {
	'main.ts': `import { GenServer, Node } from 'superlearner';
const Pinger = {
	name: 'Pinger',
	init: async (_arg, ctx) => {
		ctx.register('pinger');
		return ['ok', await Node.ping(ctx, 'b@sim')];
	},
	handleCall: (_r, _f, pong) => ['reply', pong, pong]
};
export default {
	name: 'P.Root',
	init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(Pinger)]]
};`
};

async function start(name: string, files?: Record<string, string>) {
	return t.post('/api/v1/cluster/nodes', { name, ...(files && { files }) });
}

async function topology() {
	return (await t.get('/api/v1/cluster/topology')).body.data;
}

async function connection(a: string, b: string) {
	const { connections } = await topology();
	return connections.find(
		(c: { a: string; b: string }) => [c.a, c.b].sort().join() === [a, b].sort().join()
	);
}

/** The DOWN reasons node a's watcher has had. */
async function watcherDowns(): Promise<unknown[]> {
	const res = await t.post('/api/v1/processes/watcher/message', { type: 'call', message: 'downs' });
	expect(res.status).toBe(200);
	return res.body.data.reply;
}

/** The nodeup and nodedown events in `node`'s timeline (its trace stream, as kept). */
async function nodeEvents(node: string) {
	const res = await t.get(`/api/v1/timeline/events?node=${node}&perPage=1000`);
	return res.body.data
		.map((e: { event: { type: string } }) => e.event)
		.filter((e: { type: string }) => e.type === 'nodeup' || e.type === 'nodedown')
		.map(({ type, node, reason }: { type: string; node: string; reason?: string }) =>
			[type, node, reason].filter(Boolean).join(' ')
		);
}

/** The peers `node` says it is connected to (its own nodeup and nodedown). */
async function connectedTo(node: string): Promise<string[]> {
	const { nodes } = (await t.get('/api/v1/cluster/health')).body.data;
	return nodes.find((n: { node: string }) => n.node === node).connectedTo;
}

/** a (watching b's store), b (the store) and c (empty), with a and b connected. */
async function threeNodes() {
	expect((await start('b', STORE)).status).toBe(201);
	expect((await start('a', WATCHER)).status).toBe(201);
	expect((await start('c')).status).toBe(201);
	await vi.waitFor(async () => expect((await connection('a@sim', 'b@sim'))?.status).toBe('up'));
}

describe('the cluster operations', () => {
	it('start nodes in their own workers, shown in the topology beside the system node', async () => {
		const res = await start('a');
		expect(res.status).toBe(201);
		expect(res.body.data).toMatchObject({
			name: 'a@sim',
			short: 'a',
			status: 'up',
			system: false,
			program: 'empty'
		});
		expect((await start('b@sim', STORE)).body.data).toMatchObject({
			name: 'b@sim',
			program: 'main.ts'
		});
		const { nodes } = await topology();
		expect(nodes.map((n: { name: string; system: boolean }) => [n.name, n.system])).toEqual([
			['system@superlearner', true],
			['a@sim', false],
			['b@sim', false]
		]);
		expect((await start('a')).status).toBe(409);
		// `node=` and pids reach a cluster node as they reach a sandbox's.
		await vi.waitFor(async () => {
			const rows = (await t.get('/api/v1/processes?node=b@sim')).body.data;
			expect(rows.map((r: { name?: string }) => r.name)).toContain('store');
		});
		// Read from the system node's mirror of b, once b's snapshot has arrived.
		let store: { pid: string; node: string } | undefined;
		await vi.waitFor(async () => {
			const { processes, total } = (await t.get('/api/v1/cluster/processes?node=b@sim')).body.data;
			expect(total).toBe(processes.length);
			store = processes.find((p: { name?: string }) => p.name === 'store');
			expect(store?.node).toBe('b@sim');
		});
		expect((await t.del(`/api/v1/processes/${encodeURIComponent(store!.pid)}`)).status).toBe(200);
		const { trees } = (await t.get('/api/v1/cluster/supervision-trees?node=b')).body.data;
		expect(trees[0]).toMatchObject({ node: 'b@sim', tree: { module: 'B.Root' } });
		// Not among the learner's sandboxes.
		expect((await t.get('/api/v1/sandboxes')).body.data).toEqual([]);
	});

	it('start a node whose init waits on another node (its connection is made meanwhile)', async () => {
		expect((await start('b', STORE)).status).toBe(201);
		expect((await start('p', PINGER)).status).toBe(201);
		// Once the system's mirror of p knows the name.
		await vi.waitFor(async () => {
			const res = await t.post('/api/v1/processes/pinger/message', { type: 'call', message: '?' });
			expect(res.body.data?.reply).toBe('pong');
		});
		expect((await connection('p@sim', 'b@sim')).status).toBe('up');
	});

	it('refuse a 9th node (409), an unknown node (404), the system node (403)', async () => {
		for (const name of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) {
			expect((await start(name)).status).toBe(201);
		}
		// Empty nodes: nothing to build.
		expect(builds).toBe(0);
		const ninth = await start('i');
		expect(ninth.status).toBe(409);
		expect(ninth.body.error?.code).toBe('limit_exceeded');
		expect((await t.get('/api/v1/cluster/nodes/zz')).status).toBe(404);
		expect((await t.del('/api/v1/cluster/nodes/zz')).status).toBe(404);
		const system = await t.del('/api/v1/cluster/nodes/system');
		expect(system.status).toBe(403);
		expect(system.body.error?.code).toBe('unauthorized');
		expect((await t.del('/api/v1/cluster/nodes/h')).body.data).toEqual({
			node: 'h@sim',
			stopped: true
		});
		expect((await start('i')).status).toBe(201);
	});

	it('answer 422 naming the field for a partition naming a node twice or an unknown one', async () => {
		await start('a');
		await start('b');
		const twice = await t.post('/api/v1/cluster/partitions', { sides: [['a', 'b'], ['a@sim']] });
		expect(twice.status).toBe(422);
		expect(twice.body.error?.details.field).toBe('sides[1][0]');
		const unknown = await t.post('/api/v1/cluster/partitions', { sides: [['a'], ['b', 'zz']] });
		expect(unknown.status).toBe(422);
		expect(unknown.body.error?.details.field).toBe('sides[1][1]');
		const oneWay = await t.post('/api/v1/cluster/partitions', { from: 'a', to: 'zz' });
		expect(oneWay.body.error?.details.field).toBe('to');
		expect((await t.get('/api/v1/cluster/health')).body.data.partitions).toEqual([]);
	});

	it('partition: the pair is cut, a remote monitor gets DOWN noconnection; heal: up again', async () => {
		await threeNodes();
		expect(await watcherDowns()).toEqual([]);
		const res = await t.post('/api/v1/cluster/partitions', { sides: [['a'], ['b', 'c']] });
		expect(res.status).toBe(200);
		expect(res.body.data.partitions).toEqual([
			{ id: expect.any(String), sides: [['a@sim'], ['b@sim', 'c@sim']] }
		]);
		expect((await connection('a@sim', 'b@sim')).status).toBe('cut');
		await vi.waitFor(async () => expect(await watcherDowns()).toEqual(['noconnection']));
		const health = (await t.get('/api/v1/cluster/health')).body.data;
		expect(health.status).toBe('partitioned');
		await vi.waitFor(async () => expect(await connectedTo('a@sim')).toEqual([]));

		const healed = await t.del('/api/v1/cluster/partitions');
		expect(healed.body.data).toEqual({ healed: 1, partitions: [] });
		expect((await connection('a@sim', 'b@sim')).status).toBe('up');
		await vi.waitFor(async () => expect(await connectedTo('a@sim')).toEqual(['b@sim']));
		expect((await t.get('/api/v1/cluster/health')).body.data.status).toBe('ok');
		// In b's trace stream too: the timeline keeps them.
		await vi.waitFor(async () =>
			expect(await nodeEvents('b@sim')).toEqual([
				'nodeup a@sim',
				'nodedown a@sim disconnect',
				'nodeup a@sim'
			])
		);
	});

	it('a one-way partition blocks one direction; links take latency and loss', async () => {
		await threeNodes();
		await t.post('/api/v1/cluster/partitions', { from: 'a', to: 'b' });
		expect(await connection('a@sim', 'b@sim')).toMatchObject({
			status: 'one_way',
			cut: { from: 'a@sim', to: 'b@sim' }
		});
		const links = await t.request('PUT', '/api/v1/cluster/links', { latencyMs: 50, from: 'b' });
		expect(links.body.data.links).toEqual([
			{ from: 'b@sim', to: 'a@sim', latencyMs: 50, loss: 0, blocked: false }
		]);
		const a = (await t.get('/api/v1/cluster/nodes/a')).body.data;
		expect(a.links).toEqual([{ from: 'a@sim', to: 'b@sim', latencyMs: 0, loss: 0, blocked: true }]);
		// As the nodes apply them, each on what it sends.
		const stats = (node: string) =>
			t.system.sandboxes.clusterNodes.get(node)!.worker!.dist!.stats();
		expect(await stats('a@sim')).toEqual([
			expect.objectContaining({ node: 'b@sim', status: 'up', latencyMs: 0, blocked: true })
		]);
		expect(await stats('b@sim')).toEqual([
			expect.objectContaining({ node: 'a@sim', status: 'up', latencyMs: 50, blocked: false })
		]);
	});

	it('stopping a node takes it out of the topology; the others lose it (nodedown)', async () => {
		await threeNodes();
		expect((await t.del('/api/v1/cluster/nodes/b@sim')).status).toBe(200);
		const { nodes, connections } = await topology();
		expect(nodes.map((n: { name: string }) => n.name)).toEqual([
			'system@superlearner',
			'a@sim',
			'c@sim'
		]);
		expect(connections).toEqual([]);
		await vi.waitFor(async () => expect(await watcherDowns()).toEqual(['noconnection']));
		await vi.waitFor(async () => expect(await connectedTo('a@sim')).toEqual([]));
	});

	it('a node whose worker dies is down, and the others see nodedown; nothing else changes', async () => {
		await threeNodes();
		workers.crash('b@sim');
		await vi.waitFor(async () => {
			const b = (await topology()).nodes.find((n: { name: string }) => n.name === 'b@sim');
			expect(b.status).toBe('down');
		});
		await vi.waitFor(async () => expect(await watcherDowns()).toEqual(['noconnection']));
		const health = (await t.get('/api/v1/cluster/health')).body.data;
		expect(health.status).toBe('degraded');
		const statuses = Object.fromEntries(
			health.nodes.map((n: { node: string; status: string }) => [n.node, n.status]) as Array<
				[string, string]
			>
		);
		expect(statuses).toEqual({
			'system@superlearner': 'up',
			'a@sim': 'up',
			'b@sim': 'down',
			'c@sim': 'up'
		});
		expect((await connection('a@sim', 'b@sim')).status).toBe('cut');
		// a's own nodedown, through its events port.
		await vi.waitFor(async () => expect(await connectedTo('a@sim')).toEqual([]));
	});
});

describe('cluster.startupTimeout', () => {
	it('fails a node not up within it with a clear error, and ends its worker', async () => {
		await t.system.shutdown();
		workers.closeAll();
		workers = inThreadWorkers();
		let release: () => void = () => {};
		const held = new Promise<void>((resolve) => (release = resolve));
		const settings = new SystemSettings();
		await settings.update({ cluster: { startupTimeout: 2_000 } });
		const { compile } = workers.options;
		t = await testSystem({
			demo: false,
			settings,
			sandboxes: { ...workers.options, compile: (req) => held.then(() => compile(req)) }
		});
		const starting = start('slow', PINGER);
		const names = async () => (await topology()).nodes.map((n: { name: string }) => n.name);
		await vi.waitFor(async () => expect(await names()).toContain('slow@sim'));
		await t.node.advance(2_000);
		const res = await starting;
		expect(res.status).toBe(504);
		expect(res.body.error?.message).toBe(
			'Node slow@sim did not start within 2 s (cluster.startupTimeout); its worker was ended.'
		);
		expect(await names()).not.toContain('slow@sim');
		// The build comes after all: the worker it starts is ended at once.
		release();
		await vi.waitFor(() => expect(workers.live).toBe(0));
	});
});
