import type { Template } from './template';

const crasher = `import type { GenServerModule } from 'superlearner';

/** Throws every 4 s: its supervisor restarts it with a new pid each time. */
export const Crasher: GenServerModule<{ ticks: number }> = {
	name: 'Crasher',
	init: () => {
		console.log('crasher started');
		return ['ok', { ticks: 0 }, 4000];
	},
	handleInfo(message, state) {
		if (message === 'timeout') throw new Error('boom: the crasher crashed');
		return ['noreply', state];
	}
};

/** Keeps going while its sibling crashes: one_for_one leaves it alone. */
export const Steady: GenServerModule<{ beats: number }> = {
	name: 'Steady',
	init: () => ['ok', { beats: 0 }, 1000],
	handleInfo(_message, state) {
		return ['noreply', { beats: state.beats + 1 }, 1000];
	}
};
`;

const main = `import { GenServer, type SupervisorModule } from 'superlearner';
import { Crasher, Steady } from './crasher';

/**
 * 3 restarts in 10 s are allowed. Lower the crasher's interval below 3.3 s and the supervisor
 * gives up: the whole tree goes down.
 */
const App: SupervisorModule = {
	name: 'App',
	init: () => [
		'ok',
		{ strategy: 'one_for_one', intensity: 3, period: 10 },
		[
			GenServer.childSpec(Crasher, undefined, { id: 'crasher' }),
			GenServer.childSpec(Steady, undefined, { id: 'steady' })
		]
	]
};

export default App;
`;

const crasherTest = `import { expect, test, setupIsolatedSupervisor, assertRestartStrategy, waitForProcessRestart } from 'superlearner/test';
import App from './main';

// Time passes only when a test says so on a virtual clock: the crasher's 4 s in no time.
test(
	'the crasher crashes after 4 s and is restarted',
	async ({ node }) => {
		const { pid } = await setupIsolatedSupervisor(node, App);
		const restarted = waitForProcessRestart(node, pid, 'crasher');
		await node.advance(4_000);
		expect(await restarted).not.toBe(undefined);
	},
	{ clock: 'virtual' }
);

// This test fails, on purpose: it claims that when the crasher crashes, its supervisor
// restarts the steady worker too. Run it, read what it found, then make it pass: fix the
// claim (which strategy does main.ts use?) or the supervisor (what would restart both?).
test('a crash restarts both workers', async ({ node }) => {
	const { pid } = await setupIsolatedSupervisor(node, App);
	await assertRestartStrategy(node, pid, 'one_for_all', { kill: 'crasher' });
});
`;

export const crashingTemplate: Template = {
	id: 'crashing',
	title: 'Crashing worker',
	description: 'A worker that throws every 4 seconds beside one that does not; watch the restarts.',
	files: { 'main.ts': main, 'crasher.ts': crasher, 'crasher.test.ts': crasherTest },
	entry: 'main.ts'
};
