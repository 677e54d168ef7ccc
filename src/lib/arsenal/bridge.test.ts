// The service worker's routing over real MessageChannels, with the bridge's timeouts on a
// virtual clock: each "page" and "runtime worker" here is a port or a client whose answers are
// scripted, and the journal is what each of them was asked.
import { afterEach, describe, expect, it } from 'vitest';
import { virtualTimers } from '$lib/testing/timers';
import { acceptDirect, ApiBridge, askDirect, type BridgeClient } from './bridge';
import { fail, ok, type ApiRequest, type ApiResponse, type BridgeMessage } from './protocol';

const req: ApiRequest = { method: 'GET', url: 'http://app/api/v1/health', headers: {}, body: null };
const TIMINGS = { readyWaitMs: 1000, probeMs: 100, answerWaitMs: 5000, directAckMs: 300 };

/** Lets posted messages arrive (MessagePort delivery is a task of its own). */
const flush = () => new Promise((resolve) => setImmediate(resolve));

const open: MessagePort[] = [];
afterEach(() => {
	for (const port of open.splice(0)) port.close();
});

/** What a receiver does with a message it is sent. */
type Behaviour = 'answer' | 'not_ready' | 'silent';

/** Handles one bridge message as a page or runtime worker would; notes it in `journal`. */
function receive(
	name: string,
	behaviour: Behaviour,
	journal: string[],
	data: BridgeMessage,
	reply: MessagePort
): void {
	journal.push(`${name}: ${data.type.replace('superlearner.api.', '')}`);
	if (behaviour === 'silent') return;
	const answer = (_req: ApiRequest, port: MessagePort) => port.postMessage(ok({ from: name }));
	if (data.type === 'superlearner.api.direct') {
		acceptDirect(data, reply, behaviour === 'answer' ? answer : null);
	} else if (data.type === 'superlearner.api.probe') {
		if (behaviour === 'answer') reply.postMessage({ ready: true });
		else reply.close();
	} else if (behaviour === 'answer') {
		answer(data.req, reply);
	}
}

/** A runtime worker's end of a linked port. */
function runtimePort(name: string, behaviour: Behaviour, journal: string[]): MessagePort {
	const { port1, port2 } = new MessageChannel();
	open.push(port1, port2);
	port1.onmessage = (event: MessageEvent<BridgeMessage>) =>
		receive(name, behaviour, journal, event.data, event.ports[0]);
	return port2;
}

/** A window of the origin. */
function page(id: string, behaviour: Behaviour, journal: string[]): BridgeClient {
	return {
		id,
		type: 'window',
		postMessage: (message, transfer) =>
			receive(id, behaviour, journal, message as BridgeMessage, transfer[0] as MessagePort)
	};
}

function setup(windows: BridgeClient[] = []) {
	const { clock, advance } = virtualTimers();
	const bridge = new ApiBridge(
		{
			get: (id) => Promise.resolve(windows.find((w) => w.id === id)),
			windows: () => Promise.resolve(windows)
		},
		{ timings: TIMINGS, timers: clock }
	);
	/** The answer, moving the clock `stepMs` at a time while it is pending. */
	const answer = async (clientId: string, stepMs = 50): Promise<ApiResponse> => {
		let result: ApiResponse | undefined;
		void bridge.answer(req, clientId).then((r) => (result = r));
		for (let i = 0; i < 200 && !result; i++) {
			await flush();
			if (!result) advance(stepMs);
		}
		if (!result) throw new Error('no answer');
		return result;
	};
	return { bridge, answer, advance };
}

describe('askDirect and acceptDirect', () => {
	it('a receiver with a runtime accepts, and its answer comes back', async () => {
		const journal: string[] = [];
		const answer = await askDirect(runtimePort('rt', 'answer', journal), req);
		expect(answer).toEqual(ok({ from: 'rt' }));
		expect(journal).toEqual(['rt: direct']);
	});

	it('a receiver without a runtime declines at once: the sender tries elsewhere', async () => {
		const { clock } = virtualTimers();
		const answer = await askDirect(runtimePort('rt', 'not_ready', []), req, TIMINGS, clock);
		expect(answer).toBeNull();
	});

	it('a request that arrives too late is dropped, not run a second time', async () => {
		const { port1, port2 } = new MessageChannel();
		open.push(port1, port2);
		const received: unknown[] = [];
		port1.onmessage = (event) => received.push(event.data);
		const late = { type: 'superlearner.api.direct' as const, req, sentAt: Date.now() - 10_000 };
		let ran = false;
		acceptDirect(late, port2, () => (ran = true));
		await flush();
		expect(ran).toBe(false);
		expect(received).toEqual([]);
	});
});

describe('ApiBridge', () => {
	it("answers from the requesting page's linked runtime, asking no window", async () => {
		const journal: string[] = [];
		const { bridge, answer } = setup([page('tab', 'answer', journal)]);
		bridge.link('tab', runtimePort('tab-runtime', 'answer', journal));
		expect(await answer('tab')).toEqual(ok({ from: 'tab-runtime' }));
		expect(journal).toEqual(['tab-runtime: direct']);
	});

	it('forgets a linked runtime that does not answer and asks the window itself', async () => {
		const journal: string[] = [];
		const { bridge, answer } = setup([page('tab', 'answer', journal)]);
		bridge.link('tab', runtimePort('dead-runtime', 'silent', journal));
		expect(await answer('tab')).toEqual(ok({ from: 'tab' }));
		expect(journal).toEqual(['dead-runtime: direct', 'tab: direct']);
		// Forgotten: the next request goes to the window at once.
		journal.length = 0;
		expect(await answer('tab')).toEqual(ok({ from: 'tab' }));
		expect(journal).toEqual(['tab: direct']);
	});

	it("a window that runs no app is not asked: another page's runtime answers", async () => {
		const journal: string[] = [];
		const image = page('image', 'silent', journal);
		const { bridge, answer } = setup([image, page('app', 'answer', journal)]);
		bridge.notApp('image');
		bridge.link('app', runtimePort('app-runtime', 'answer', journal));
		expect(await answer('image')).toEqual(ok({ from: 'app-runtime' }));
		expect(journal).toEqual(['app-runtime: direct']);
	});

	it('with nothing linked, probes the windows and sends the request to the first ready one', async () => {
		const journal: string[] = [];
		const { answer } = setup([
			page('loading', 'not_ready', journal),
			page('ready', 'answer', journal)
		]);
		// A worker's request (no window of its own): the pages are probed.
		expect(await answer('')).toEqual(ok({ from: 'ready' }));
		expect(journal).toEqual(['loading: probe', 'ready: probe', 'ready: request']);
	});

	it('never probes a window that runs no app', async () => {
		const journal: string[] = [];
		const { bridge, answer } = setup([
			page('image', 'answer', journal),
			page('app', 'answer', journal)
		]);
		bridge.notApp('image');
		expect(await answer('')).toEqual(ok({ from: 'app' }));
		expect(journal).toEqual(['app: probe', 'app: request']);
	});

	it('with no runtime ready anywhere, answers 503 unavailable after the ready wait', async () => {
		const journal: string[] = [];
		const { answer } = setup([page('loading', 'not_ready', journal)]);
		const answered = await answer('loading');
		expect(answered).toEqual(
			fail(
				'unavailable',
				'No SuperLearner tab had its runtime ready within 1 s. Open the app in a tab, let it load, and try again.'
			)
		);
		expect(answered.status).toBe(503);
		expect(journal[0]).toBe('loading: direct');
		expect(journal.slice(1).every((line) => line === 'loading: probe')).toBe(true);
	});

	it('forgets the ports of closed clients', async () => {
		const journal: string[] = [];
		const windows = [page('tab', 'answer', journal)];
		const { bridge, answer } = setup(windows);
		bridge.link('gone', runtimePort('gone-runtime', 'answer', journal));
		await bridge.forgetClosed();
		expect(await answer('tab')).toEqual(ok({ from: 'tab' }));
		expect(journal).toEqual(['tab: direct']);
	});
});
