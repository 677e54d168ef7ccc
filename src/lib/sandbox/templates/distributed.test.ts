// The distributed template on three nodes in one thread (LocalBroker), as /cluster runs it in
// three workers: a netsplit, then a heal.
import * as esbuild from 'esbuild-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalBroker } from '$lib/distribution';
import { createNode, Supervisor, type Node, type Pid, type SupervisorModule } from '$lib/runtime';
import { createBuilder } from '$lib/sandbox/compiler/build';
import { programRequest } from '$lib/sandbox/compiler/program';
import { evaluateProgram, type SandboxConsole } from '$lib/sandbox/host/loader';
import { warmCompiler } from '$lib/testing/sandbox';
import { distributedTemplate } from './distributed';

beforeAll(warmCompiler, 30_000);

const NAMES = ['a@sim', 'b@sim', 'c@sim'];
let cluster: LocalBroker;
let nodes: Node[];
/** Each node's exit reasons, as the trace tells them. */
let exits: Record<string, unknown[]>;

async function app(): Promise<SupervisorModule> {
	const { code } = await createBuilder()(
		esbuild,
		programRequest(distributedTemplate.files, distributedTemplate.entry)
	);
	const quiet = Object.fromEntries(
		['log', 'info', 'warn', 'error', 'debug'].map((level) => [level, () => {}])
	) as unknown as SandboxConsole;
	const program = evaluateProgram(code!, quiet);
	return program.files[program.entry].default as SupervisorModule;
}

/** The pid registered as 'leader', as `node`'s global_names knows it, as text. */
const leaderOn = async (node: Node) =>
	String(await node.call<Pid | null>('global_names', ['whereis', 'leader']));

afterEach(async () => {
	cluster.close();
	await Promise.all(nodes.map((n) => n.shutdown()));
});

describe('the distributed template', { timeout: 30_000 }, () => {
	it('watches a’s workers from afar (DOWN noconnection on a netsplit) and keeps one leader on heal', async () => {
		const App = await app();
		cluster = new LocalBroker();
		exits = {};
		nodes = NAMES.map((name, i) => {
			const node = createNode({ name, number: i + 1, clock: 'virtual' });
			cluster.add(node, { seed: 1 });
			node.onTrace((e) => {
				if (e.type === 'exit') (exits[name] ??= []).push(e.reason);
			});
			return node;
		});
		const [a, b, c] = nodes;
		for (const node of nodes) {
			await Supervisor.start(node, App);
			await cluster.advance(100);
		}
		await cluster.advance(2000);
		const leader = await leaderOn(a);
		expect(leader).toMatch(/^<1\./);
		expect(await leaderOn(c)).toBe(leader);

		cluster.partition([['c@sim'], ['a@sim', 'b@sim']]);
		await cluster.advance(2000);
		expect(exits['c@sim']).toEqual(
			expect.arrayContaining([
				{ worker: 'worker_1', down: 'noconnection' },
				{ worker: 'worker_2', down: 'noconnection' }
			])
		);
		expect(await leaderOn(c)).toMatch(/^<3\./);
		expect(await leaderOn(b)).toBe(leader);

		cluster.heal();
		await cluster.advance(3000);
		expect(exits['c@sim']).toContainEqual(['global_name_conflict', 'leader']);
		expect(await leaderOn(c)).toBe(leader);
		expect(await leaderOn(b)).toBe(leader);
	});
});
