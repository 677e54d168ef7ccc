import { appMain, defineLesson } from './lesson';

const v1 = `/** Counts up after each second without a message; a call answers the count. */
export const Counter: GenServerModule<number> = {
	name: 'Counter',
	init: () => ['ok', 0, 1000],
	handleCall: (_request, _from, n) => ['reply', n, n, 1000],
	handleInfo(_timeout, n) {
		console.log('count', n + 1);
		return ['noreply', n + 1, 1000];
	}
};
`;

const v2 = `type State = { count: number; step: number };

/** Counts up by its step after each second without a message; a call answers the count. */
export const Counter: GenServerModule<State> = {
	name: 'Counter',
	init: () => ['ok', { count: 0, step: 10 }, 1000],
	handleCall: (_request, _from, s) => ['reply', s.count, s, 1000],
	handleInfo(_timeout, s) {
		console.log('count', s.count + s.step);
		return ['noreply', { ...s, count: s.count + s.step }, 1000];
	},
	// The running version kept a bare number: it becomes the count.
	codeChange: (_oldVsn, n) => ['ok', { count: n as unknown as number, step: 10 }]
};
`;

const counter = `import type { GenServerModule } from 'superlearner';

${v1}`;

const main = appMain(
	`import { GenServer, type SupervisorModule } from 'superlearner';
import { Counter } from './counter';
`,
	[`GenServer.childSpec(Counter, null, { id: 'counter' })`]
);

const checks = `import { GenServer } from 'superlearner';
import { test, setupIsolatedGenServer } from 'superlearner/test';
import { Counter } from './counter';

type Upgrade = (oldVsn: string, state: unknown, extra: unknown) => ['ok', unknown];
const codeChange = Counter.codeChange as Upgrade | undefined;

test("codeChange turns the running version's number into the new state, keeping the count", () => {
	if (!codeChange) {
		throw new Error(
			'The counter has no codeChange yet: on a reload, the running process would keep its number and hand it to callbacks that expect { count, step }.'
		);
	}
	const [ok, state] = codeChange('v1', 41, undefined);
	const { count, step } = (state ?? {}) as { count?: unknown; step?: unknown };
	if (ok !== 'ok' || count !== 41 || typeof step !== 'number' || step < 1) {
		throw new Error(\`codeChange('v1', 41) answered \${JSON.stringify([ok, state])}: it should answer ['ok', { count: 41, step }], with the step you chose.\`);
	}
});

test(
	'after the change, it counts on from where it was, by its step',
	async ({ node }) => {
		const { pid } = await setupIsolatedGenServer(node, Counter);
		await GenServer.replaceState(node, pid, () => (codeChange ? codeChange('v1', 41, undefined)[1] : 41));
		await node.advance(1000);
		const state = await GenServer.getState<{ count?: number; step?: number }>(node, pid);
		if (typeof state !== 'object' || state.count !== 41 + (state.step ?? NaN)) {
			throw new Error(
				\`A second after the change from 41, the state is \${JSON.stringify(state)}: the new version keeps { count, step }, and a tick adds the step to the count.\`
			);
		}
	},
	{ clock: 'virtual' }
);
`;

export const hotReloadLesson = defineLesson({
	slug: 'hot-code-reload',
	title: 'Hot code reload with codeChange',
	summary: 'Load a new version into a running process: same pid, its state changed by codeChange.',
	concept: [
		'OTP can change the code of a running system without stopping it. Each process of the changed module is suspended, its state is handed to the new code’s `codeChange(oldVsn, state, extra)`, and it goes on with the state that answers, under the same pid, with the same mailbox. No message is lost, and nobody has to find it again.',
		'Without a `codeChange` the state is kept as it is: fine while its shape stays the same. When the new version keeps its state in another shape, `codeChange` turns the old shape into the new one, and answers `["ok", newState]`. Keep it pure: compute the new state from the old one, and do nothing else.',
		'A supervisor reloads too: it reads its new flags and child specs, keeps its children running, and starts the new code when it next restarts one. (In this sandbox, rolling back to an older version runs the older code’s `codeChange` on the newer state: a version you may roll back to should accept both.)'
	],
	steps: [
		'Press Run: the counter counts up, one a second.',
		'Make a new version of `counter.ts` that counts by a step: its state becomes `{ count, step }` (`init` answers `{ count: 0, step: 10 }`, each tick adds the step), and a `codeChange` turns the running number into `{ count: n, step: 10 }`.',
		'Save (Ctrl/Cmd+S) while it runs: the console goes on from the count it had, ten at a time. Press Check.'
	],
	files: { 'main.ts': main, 'counter.ts': counter, 'lesson.test.ts': checks },
	solution: [{ file: 'counter.ts', find: v1, replace: v2 }]
});
