import { afterEach, describe, expect, it } from 'vitest';
import { expose } from 'comlink';
import type { FrameReport, FrameRequest } from '$lib/sandbox/frame/protocol';
import { SandboxFrameLink } from './frame_link';

/** The frame's end of the control port: what it was asked, in order. */
function fakeFrame(link: SandboxFrameLink) {
	const { port1, port2 } = new MessageChannel();
	const requests: Array<FrameRequest & { ports: number }> = [];
	/** The private API ports of the workers it was asked to spawn. */
	const apis: MessagePort[] = [];
	port2.onmessage = (e: MessageEvent<FrameRequest>) => {
		requests.push({ ...e.data, ports: e.ports.length });
		apis.push(...e.ports);
	};
	link.attach(port1);
	return {
		requests,
		apis,
		report: (message: FrameReport) => port2.postMessage(message),
		close: () => port2.close()
	};
}

const boot = {
	id: 'a',
	nodeName: 'sandbox_a@superlearner',
	nodeNumber: 1,
	maxProcesses: 10,
	heartbeatMs: 250,
	memoryBudget: 2 ** 20
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const open: Array<() => void> = [];
afterEach(() => open.splice(0).forEach((close) => close()));

describe('SandboxFrameLink', () => {
	it('sends the script once, before any spawn, and each spawn with its private port', async () => {
		let loads = 0;
		const link = new SandboxFrameLink(async () => {
			loads++;
			await tick();
			return 'the script';
		});
		const frame = fakeFrame(link);
		open.push(frame.close);
		const a = link.spawn();
		const b = link.spawn();
		open.push(
			() => a.terminate('done'),
			() => b.terminate('done')
		);
		await expect.poll(() => frame.requests.length).toBe(3);
		expect(frame.requests).toEqual([
			{ type: 'define', source: 'the script', ports: 0 },
			{ type: 'spawn', id: 1, ports: 1 },
			{ type: 'spawn', id: 2, ports: 1 }
		]);
		expect(loads).toBe(1);
		a.terminate('the test ended it');
		await expect.poll(() => frame.requests.at(-1)).toEqual({ type: 'terminate', id: 1, ports: 0 });
	});

	it('waits for a frame attached later, and sends the script again to a new frame', async () => {
		const link = new SandboxFrameLink(() => Promise.resolve('v1'));
		const worker = link.spawn();
		open.push(() => worker.terminate('done'));
		await tick();
		const frame = fakeFrame(link);
		open.push(frame.close);
		await expect.poll(() => frame.requests.map((r) => r.type)).toEqual(['define', 'spawn']);
		const next = fakeFrame(link);
		open.push(next.close);
		const again = link.spawn();
		open.push(() => again.terminate('done'));
		await expect.poll(() => next.requests.map((r) => r.type)).toEqual(['define', 'spawn']);
	});

	it('tells a booting sandbox its worker crashed, and fails its pending calls with noproc', async () => {
		const link = new SandboxFrameLink(() => Promise.resolve('script'));
		const frame = fakeFrame(link);
		open.push(frame.close);
		const worker = link.spawn();
		const crashes: string[] = [];
		const booting = worker.boot(
			boot,
			() => {},
			(why) => crashes.push(why)
		);
		await expect.poll(() => frame.requests.map((r) => r.type)).toEqual(['define', 'spawn']);
		frame.report({ type: 'exited', id: 1, reason: 'SyntaxError: bad script' });
		await expect(booting).rejects.toMatchObject({ code: 'noproc' });
		expect(crashes).toEqual(['SyntaxError: bad script']);
	});

	it("moves a cluster node's connection port to its worker (transferred, not cloned)", async () => {
		const link = new SandboxFrameLink(() => Promise.resolve('script'));
		const frame = fakeFrame(link);
		const worker = link.spawn();
		open.push(frame.close, () => worker.terminate('done'));
		await expect.poll(() => frame.apis.length).toBe(1);
		const attached: Array<{ peer: unknown; port: MessagePort }> = [];
		expose(
			{ distAttach: (peer: unknown, port: MessagePort) => void attached.push({ peer, port }) },
			frame.apis[0]
		);
		const { port1, port2 } = new MessageChannel();
		open.push(() => port2.close());
		await worker.dist?.attach({ name: 'b@sim', number: 2 }, port1);
		expect(attached).toHaveLength(1);
		expect(attached[0].peer).toEqual({ name: 'b@sim', number: 2 });
		const heard = new Promise((resolve) => (port2.onmessage = (e) => resolve(e.data)));
		attached[0].port.postMessage('over the moved port');
		expect(await heard).toBe('over the moved port');
		attached[0].port.close();
	});
});
