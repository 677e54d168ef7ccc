// Hot reload of one file's modules (swapModules) on a node with a virtual clock, without a
// bundle: the "files" are maps of module objects, as host.ts builds them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	createNode,
	GenServer,
	Supervisor,
	type GenServerModule,
	type Node,
	type Pid,
	type SupervisorModule
} from '$lib/runtime';
import type { SupervisorState } from '$lib/runtime/host';
import { okPid, track } from '$lib/testing/runtime';
import { identitiesOf, SUSPEND_MS, swapModules, type AnyModule } from './hot_swap';

function worker(version: string): GenServerModule<string> {
	return {
		name: 'Worker',
		init: () => ['ok', version],
		handleCall: (_req, _from, s) => ['reply', [version, s], s],
		codeChange: (_oldVsn, s) => ['ok', `${String(s)}>${version}`]
	};
}

function supervisor(strategy: string, child: GenServerModule): SupervisorModule {
	return {
		name: 'Sup',
		init: () => [
			'ok',
			{ strategy: strategy as 'one_for_one', intensity: 3, period: 5 },
			[GenServer.childSpec(child)]
		]
	};
}

/** B answers its version; A, asked, waits 100 ms and then asks B. */
function pair(version: string): { A: GenServerModule<Pid>; B: GenServerModule<null> } {
	return {
		A: {
			name: 'A',
			init: (b: Pid) => ['ok', b],
			async handleCall(req, _from, b, ctx) {
				if (req !== 'ask') return ['reply', version, b];
				await ctx.sleep(100);
				return ['reply', await GenServer.call(ctx, b, 'get', 60_000), b];
			}
		},
		B: {
			name: 'B',
			init: () => ['ok', null],
			handleCall: (_req, _from, s) => ['reply', version, s]
		}
	};
}

function file(modules: Record<string, unknown>): Map<string, AnyModule> {
	return new Map(Object.entries(modules) as Array<[string, AnyModule]>);
}

describe('swapModules', () => {
	let node: Node;
	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
	});
	afterEach(async () => {
		await node.shutdown();
	});

	it('refuses a supervisor whose new init has a bad strategy before changing anything', async () => {
		const w1 = worker('v1');
		const s1 = supervisor('one_for_one', w1);
		// The standalone worker comes first, so it would be changed before the supervisor fails.
		const sibling = okPid(await GenServer.start(node, w1));
		const sup = okPid(await Supervisor.start(node, s1));
		const before = await GenServer.getState<SupervisorState>(node, sup);
		const current = identitiesOf(file({ Worker: w1, Sup: s1 }));

		const w2 = worker('v2');
		const outcome = await swapModules(
			node,
			current,
			file({ Worker: w2, Sup: supervisor('bogus', w2) }),
			'v1',
			null
		);

		expect(outcome).toMatchObject({ ok: false, error: { code: 'code_change_failed' } });
		expect(!outcome.ok && outcome.error.message).toMatch(
			/^code change of Sup in <0\.\d+\.0> failed: init answered .*invalid_strategy.*Nothing was changed/
		);
		expect(await GenServer.call(node, sibling, 'get')).toEqual(['v1', 'v1']);
		const after = await GenServer.getState<SupervisorState>(node, sup);
		expect(after.flags).toEqual(before.flags);
		expect(after.children).toEqual(before.children);
		expect(current.get('Worker')).toEqual([w1]);
		// A restart from the module object the specs hold would still start v1.
		const fresh = okPid(await GenServer.start(node, w1));
		expect(await GenServer.call(node, fresh, 'get')).toEqual(['v1', 'v1']);
	});

	it('gives up, resuming every process, when one stays busy calling another it suspended', async () => {
		const v1 = pair('v1');
		const b = okPid(await GenServer.start(node, v1.B));
		const a = okPid(await GenServer.start(node, v1.A, b));
		const asked = track(GenServer.call(node, a, 'ask', 60_000));
		await node.advance(10);
		const v2 = pair('v2');
		const swap = track(swapModules(node, identitiesOf(file(v1)), file(v2), 'v1', null));
		await node.advance(100); // A now calls B, which is suspended
		expect(swap.settled).toBe(false);
		await node.advance(SUSPEND_MS);
		expect(swap.settled).toBe(true);
		const outcome = await swap.promise;
		expect(outcome).toEqual({
			ok: false,
			error: {
				code: 'code_change_failed',
				message: `code change failed: A in ${String(a)} did not suspend within 2000 ms (busy in a callback, perhaps calling another process being changed). Nothing was changed: the old code is still running.`,
				details: { busy: [String(a)], timeoutMs: 2000 }
			}
		});
		// B is resumed, so A gets its answer, then handles its late suspend and the resume after it.
		expect(await asked.promise).toBe('v1');
		expect(await GenServer.call(node, a, 'get', 100)).toBe('v1');
		expect(await GenServer.call(node, b, 'get', 100)).toBe('v1');
		expect(node.processInfo(a)?.module).toBe('A');
	});

	it('reports an unnamed module by its export, changed in place without codeChange', async () => {
		const helper = (version: string) => ({
			init: () => ['ok', version],
			handleCall: (_req: unknown, _from: unknown, s: string) => ['reply', [version, s], s],
			codeChange: () => ['ok', 'converted']
		});
		const v1 = helper('v1');
		const pid = okPid(await GenServer.start(node, v1 as unknown as GenServerModule));
		const outcome = await swapModules(
			node,
			identitiesOf(file({ Helper: v1 })),
			file({ Helper: helper('v2') }),
			'v1',
			null
		);
		expect(outcome).toEqual({ ok: true, modules: ['(unnamed export Helper)'], processes: [] });
		expect(await GenServer.call(node, pid, 'get')).toEqual(['v2', 'v1']);
	});
});
