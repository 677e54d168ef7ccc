import type { Template } from './template';

const counter = `import { GenServer, type GenServerModule } from 'superlearner';

export interface CounterState {
	count: number;
	step: number;
}

/**
 * Counts once a second. Change the step or the message below, save (Ctrl/Cmd+S) and the
 * running counter picks up the new code without losing its count.
 */
export const Counter: GenServerModule<CounterState> = {
	name: 'Counter',

	init(_args, ctx) {
		const server = ctx.self;
		// A linked ticker: it dies with the counter.
		ctx.spawnLink(
			async (t) => {
				for (;;) {
					await t.sleep(1000);
					t.send(server, 'tick');
				}
			},
			{ label: 'Counter.ticker' }
		);
		return ['ok', { count: 0, step: 1 }];
	},

	handleCall(request, _from, state) {
		if (request === 'get') return ['reply', state.count, state];
		if (request === 'reset') return ['reply', 'ok', { ...state, count: 0 }];
		return ['reply', ['error', 'unknown_call'], state];
	},

	handleInfo(message, state) {
		if (message !== 'tick') return ['noreply', state];
		const count = state.count + state.step;
		console.log(\`count is \${count}\`);
		return ['noreply', { ...state, count }];
	},

	// Runs once per process when a new version of this file is loaded: the state it returns
	// is what the new code works with. Add the fields a new version needs here.
	// A rollback runs the older code's codeChange on the newer state: take either shape.
	codeChange(oldVsn, state: number | Partial<CounterState>) {
		console.info(\`changing code from \${oldVsn ?? 'the first version'}\`);
		const old = typeof state === 'number' ? { count: state } : state;
		return ['ok', { ...old, count: old.count ?? 0, step: old.step ?? 1 }];
	}
};
`;

const main = `import { GenServer, type SupervisorModule } from 'superlearner';
import { Counter } from './counter';

/** The root: one counter, restarted if it crashes. */
const App: SupervisorModule = {
	name: 'App',
	init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(Counter, undefined, { id: 'counter' })]]
};

export default App;
`;

const counterTest = `import { describe, expect, test, setupIsolatedGenServer, assertGenServerState } from 'superlearner/test';
import { Counter } from './counter';

// Run these with the Test button (Ctrl/Cmd+Shift+Enter). Each test gets a node of its own,
// and everything it started is stopped when it ends.
describe('Counter', () => {
	test('starts at zero', async ({ node }) => {
		const { pid } = await setupIsolatedGenServer(node, Counter);
		expect(await node.call(pid, 'get')).toBe(0);
	});

	test('counts one step a tick', async ({ node }) => {
		const { pid } = await setupIsolatedGenServer(node, Counter);
		node.send(pid, 'tick');
		node.send(pid, 'tick');
		await assertGenServerState(node, pid, { count: 2, step: 1 });
	});

	test('reset brings the count back to zero', async ({ node }) => {
		const { pid } = await setupIsolatedGenServer(node, Counter);
		node.send(pid, 'tick');
		expect(await node.call(pid, 'reset')).toBe('ok');
		expect(await node.call(pid, 'get')).toBe(0);
	});

	// On a virtual clock, time passes only when the test says so: three seconds in no time.
	test(
		'ticks once a second',
		async ({ node }) => {
			const { pid } = await setupIsolatedGenServer(node, Counter);
			await node.advance(3_000);
			expect(await node.call(pid, 'get')).toBe(3);
		},
		{ clock: 'virtual' }
	);
});
`;

export const counterTemplate: Template = {
	id: 'counter',
	title: 'Counter GenServer',
	description:
		'A GenServer that counts once a second, with a codeChange: hot-reload it and the count carries on.',
	files: { 'main.ts': main, 'counter.ts': counter, 'counter.test.ts': counterTest },
	entry: 'main.ts'
};
