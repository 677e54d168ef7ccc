import { expose } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	connectWorker,
	formatPid,
	fromWire,
	parsePid,
	toWire,
	WireError,
	type WorkerLike
} from './wire';
import { createNode } from '$lib/runtime';
import { Pid } from '$lib/runtime/host';

class NoSuchProcessError extends Error {
	override name = 'NoSuchProcessError';
	readonly code = 'noproc';
	constructor(readonly details: unknown) {
		super('no process <0.7.0>');
	}
}

const closers: (() => void)[] = [];
afterEach(() => {
	vi.useRealTimers();
	for (const close of closers.splice(0)) close();
});

/** Exposes `api` on one end of a MessageChannel; the other end plays the worker. */
function fakeWorker(api: object): WorkerLike & EventTarget & { terminated: boolean } {
	const { port1, port2 } = new MessageChannel();
	expose(api, port1);
	const events = new EventTarget();
	const worker = {
		terminated: false,
		postMessage: (message: unknown) => port2.postMessage(message),
		addEventListener: (type: string, listener: EventListener) =>
			type === 'message'
				? port2.addEventListener('message', listener as never)
				: events.addEventListener(type, listener),
		removeEventListener: (type: string, listener: EventListener) =>
			port2.removeEventListener('message', listener as never),
		dispatchEvent: (event: Event) => events.dispatchEvent(event),
		start: () => port2.start(),
		terminate() {
			worker.terminated = true;
			port1.close();
		}
	};
	closers.push(() => (port1.close(), port2.close()));
	return worker;
}

const api = {
	echo: (value: unknown) => value,
	crash(): number {
		throw new NoSuchProcessError({ pid: '<0.7.0>' });
	},
	hang: () => new Promise<void>(() => {})
};

describe('pid strings', () => {
	it('formats and parses <N.I.0>', () => {
		expect(formatPid(2, 45)).toBe('<2.45.0>');
		expect(parsePid('<2.45.0>')).toEqual({ node: 2, id: 45 });
		expect(parsePid('<2.45.1>')).toBeNull();
		expect(parsePid('2.45.0')).toBeNull();
		expect(() => formatPid(-1, 3)).toThrow(RangeError);
	});

	it('round-trips pids nested in arrays, objects, maps and sets', () => {
		const table = new Map<string, Pid>();
		const intern = (s: string) => {
			const { node, id } = parsePid(s)!;
			const pid = table.get(s) ?? new Pid(node, id);
			table.set(s, pid);
			return pid;
		};
		const a = intern('<0.5.0>');
		const b = intern('<1.9.0>');
		const value = {
			children: [a, { pid: b }],
			byName: new Map([['worker', a]]),
			set: new Set([b])
		};

		const wire = toWire(value);
		expect(wire).toEqual({
			children: ['<0.5.0>', { pid: '<1.9.0>' }],
			byName: new Map([['worker', '<0.5.0>']]),
			set: new Set(['<1.9.0>'])
		});
		expect(structuredClone(wire)).toEqual(wire);

		const back = fromWire(wire, intern) as typeof value;
		expect(back.children[0]).toBe(a);
		expect((back.children[1] as { pid: Pid }).pid).toBe(b);
		expect(back.byName.get('worker')).toBe(a);
		expect([...back.set][0]).toBe(b);
	});

	it('keeps plain strings, dates and cycles intact', () => {
		const date = new Date(0);
		const cyclic: Record<string, unknown> = { note: '<not a pid>', date };
		cyclic.self = cyclic;
		const wire = toWire(cyclic) as Record<string, unknown>;
		expect(wire.note).toBe('<not a pid>');
		expect(wire.date).toBe(date);
		expect(wire.self).toBe(wire);
	});

	it('prints refs, which hold runtime pointers, so that they can be posted', async () => {
		const node = createNode({ clock: 'virtual' });
		const refs: unknown[] = [];
		node.spawn(async (ctx) => {
			refs.push(ctx.monitor(ctx.self));
			await ctx.receive();
		});
		await node.settle();
		const wire = toWire({ monitors: refs });
		expect(wire).toEqual({ monitors: ['#Ref<0.1>'] });
		expect(structuredClone(wire)).toEqual(wire);
	});

	it('uses the injected predicate to recognise pids', () => {
		const isPid = (v: unknown) => v instanceof Pid && v.node === 0;
		const other = new Pid(3, 1);
		const [local, kept] = toWire([new Pid(0, 1), other], isPid) as unknown[];
		expect(local).toBe('<0.1.0>');
		expect(kept).toBe(other);
	});
});

describe('connectWorker', () => {
	it('returns the worker answer', async () => {
		const { api: remote } = connectWorker<typeof api>(fakeWorker(api), { deadlineMs: 1000 });
		await expect(remote.echo({ n: 1 })).resolves.toEqual({ n: 1 });
	});

	it('keeps the class name, code and details of a thrown error', async () => {
		const { api: remote } = connectWorker<typeof api>(fakeWorker(api), { deadlineMs: 1000 });
		const error = await remote.crash().catch((e: unknown) => e);
		expect(error).toBeInstanceOf(WireError);
		expect(error).toMatchObject({
			name: 'NoSuchProcessError',
			code: 'noproc',
			message: 'no process <0.7.0>',
			details: { pid: '<0.7.0>' }
		});
		expect((error as Error).stack).toContain('NoSuchProcessError');
	});

	it("rejects with code 'timeout' when the deadline passes", async () => {
		vi.useFakeTimers();
		const { api: remote } = connectWorker<typeof api>(fakeWorker(api), {
			deadlineMs: 500,
			name: 'runtime'
		});
		let settled = false;
		const result = remote.hang().catch((e: unknown) => ((settled = true), e));
		await vi.advanceTimersByTimeAsync(499);
		expect(settled).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(await result).toMatchObject({
			code: 'timeout',
			message: 'runtime.hang() got no answer within 500 ms.'
		});
	});

	it('gives a method its own deadline when asked', async () => {
		vi.useFakeTimers();
		const { api: remote } = connectWorker<typeof api>(fakeWorker(api), {
			deadlineMs: 500,
			deadlines: { hang: 2000 },
			name: 'runtime'
		});
		let settled = false;
		const result = remote.hang().catch((e: unknown) => ((settled = true), e));
		await vi.advanceTimersByTimeAsync(1999);
		expect(settled).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(await result).toMatchObject({
			code: 'timeout',
			message: 'runtime.hang() got no answer within 2000 ms.'
		});
	});

	it("rejects pending and later calls with code 'noproc' after terminate", async () => {
		const worker = fakeWorker(api);
		const conn = connectWorker<typeof api>(worker, { deadlineMs: 60_000 });
		const pending = conn.api.hang().catch((e: unknown) => e);
		conn.terminate('sandbox destroyed');
		expect(worker.terminated).toBe(true);
		expect(await pending).toMatchObject({ code: 'noproc', name: 'NoProcError' });
		await expect(conn.api.echo(1)).rejects.toMatchObject({ code: 'noproc' });
		expect((await conn.exited).message).toBe('The worker is gone: sandbox destroyed.');
	});

	it("rejects with code 'noproc' when the worker errors", async () => {
		const worker = fakeWorker(api);
		const conn = connectWorker<typeof api>(worker, { deadlineMs: 60_000 });
		const pending = conn.api.hang().catch((e: unknown) => e);
		worker.dispatchEvent(Object.assign(new Event('error'), { message: 'Uncaught SyntaxError' }));
		expect(await pending).toMatchObject({
			code: 'noproc',
			message: 'The worker is gone: Uncaught SyntaxError.'
		});
		expect(worker.terminated).toBe(true);
	});

	it('is not mistaken for a promise', async () => {
		const conn = connectWorker<typeof api>(fakeWorker(api), { deadlineMs: 1000 });
		expect(await Promise.resolve(conn.api)).toBe(conn.api);
	});
});
