import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeCode } from './code_change';
import { currentPid } from './current';
import {
	GenServer,
	Supervisor,
	createNode,
	type GenServerModule,
	type Node,
	type Pid
} from './index';
import { okPid } from '$lib/testing/runtime';

describe('currentPid', () => {
	let node: Node;

	beforeEach(() => {
		node = createNode({ clock: 'virtual' });
	});
	afterEach(async () => {
		await node.shutdown();
	});

	it('is undefined outside any process', () => {
		expect(currentPid()).toBeUndefined();
	});

	it('is the process whose body runs, up to its first await', async () => {
		const seen: Array<Pid | undefined> = [];
		let child: Pid | undefined;
		const pid = node.spawn(async (ctx) => {
			seen.push(currentPid());
			child = ctx.spawn(() => void seen.push(currentPid()));
			seen.push(currentPid());
			await ctx.sleep(0);
			seen.push(currentPid());
		});
		await node.settle();
		expect(seen).toEqual([pid, pid, child, undefined]);
		expect(currentPid()).toBeUndefined();
	});

	it('is the server in each of its callbacks', async () => {
		const seen: Array<[string, Pid | undefined]> = [];
		const mark = <T>(what: string, value: T): T => (seen.push([what, currentPid()]), value);
		const Server: GenServerModule<number> = {
			name: 'Marked',
			init: () => mark('init', ['ok', 0]),
			handleCall: (_r, _f, s) => mark('call', ['reply', s, s]),
			handleCast: (_m, s) => mark('cast', ['noreply', s]),
			handleInfo: (_m, s) => mark('info', ['noreply', s]),
			terminate: () => void mark('terminate', undefined),
			codeChange: (_v, s) => mark('codeChange', ['ok', s])
		};
		const pid = okPid(await GenServer.start(node, Server));
		await GenServer.call(node, pid, 'get');
		GenServer.cast(node, pid, 'c');
		node.send(pid, 'i');
		await GenServer.suspend(node, pid);
		await changeCode(node, pid, Server, undefined, null);
		await GenServer.resume(node, pid);
		await GenServer.stop(node, pid);
		expect(seen).toEqual(
			['init', 'call', 'cast', 'info', 'codeChange', 'terminate'].map((w) => [w, pid])
		);
	});

	it('is the supervisor while its module’s init runs', async () => {
		let seen: Pid | undefined;
		const sup = okPid(
			await Supervisor.start(node, {
				init: () => ((seen = currentPid()), ['ok', { strategy: 'one_for_one' }, []])
			})
		);
		expect(seen).toBe(sup);
	});
});
