import type { Template } from './template';

/** A worker that counts its messages and, given `crashEvery`, crashes on a timer. */
const worker = `import type { GenServerModule } from 'superlearner';

export interface WorkerArgs {
	label: string;
	/** Crash this many ms after starting; leave out to never crash. */
	crashEvery?: number;
}

export const Worker: GenServerModule<WorkerArgs, WorkerArgs> = {
	name: 'Worker',

	init(args) {
		console.log(\`\${args.label} started\`);
		// A timeout in init's answer arrives in handleInfo as 'timeout'.
		return args.crashEvery === undefined ? ['ok', args] : ['ok', args, args.crashEvery];
	},

	handleInfo(message, state) {
		if (message === 'timeout') return ['stop', \`\${state.label} crashed on purpose\`, state];
		return ['noreply', state];
	},

	terminate(reason, state) {
		console.warn(\`\${state.label} stopped: \${String(reason)}\`);
	}
};
`;

type StrategyName = 'one_for_one' | 'one_for_all' | 'rest_for_one';

function mainFor(strategy: StrategyName): string {
	return `import { GenServer, type SupervisorModule } from 'superlearner';
import { Worker } from './worker';

/**
 * Three workers under ${strategy}; b crashes every 5 s. Watch the tree: which workers get a
 * new pid when b crashes? Try another strategy, or kill a and c from the tree.
 */
const App: SupervisorModule = {
	name: 'App',
	init: () => [
		'ok',
		{ strategy: '${strategy}', intensity: 3, period: 10 },
		[
			GenServer.childSpec(Worker, { label: 'a' }, { id: 'a' }),
			GenServer.childSpec(Worker, { label: 'b', crashEvery: 5000 }, { id: 'b' }),
			GenServer.childSpec(Worker, { label: 'c' }, { id: 'c' })
		]
	]
};

export default App;
`;
}

/** Which of a, b and c get a new pid when b crashes, under each strategy. */
const RESTARTED: Record<StrategyName, string[]> = {
	one_for_one: ['b'],
	one_for_all: ['a', 'b', 'c'],
	rest_for_one: ['b', 'c']
};

function testFor(strategy: StrategyName): string {
	return `import { expect, test, setupIsolatedSupervisor, assertRestartStrategy } from 'superlearner/test';
import App from './main';

// assertRestartStrategy kills a child, waits for the supervisor to restart it, and reports
// which children got a new pid: proof of the strategy. Change the strategy in main.ts and
// run the tests again (Ctrl/Cmd+Shift+Enter) to see this one fail, and say why.
test('a crash of b restarts ${RESTARTED[strategy].join(', ')}', async ({ node }) => {
	const { pid } = await setupIsolatedSupervisor(node, App);
	const report = await assertRestartStrategy(node, pid, '${strategy}', { kill: 'b' });
	expect(report.restarted).toEqual([${RESTARTED[strategy].map((id) => `'${id}'`).join(', ')}]);
});
`;
}

function strategyTemplate(strategy: StrategyName, description: string): Template {
	return {
		id: strategy,
		title: `${strategy} tree`,
		description,
		files: { 'main.ts': mainFor(strategy), 'worker.ts': worker, 'main.test.ts': testFor(strategy) },
		entry: 'main.ts'
	};
}

export const strategyTemplates: Template[] = [
	strategyTemplate('one_for_one', 'Three workers; when one crashes, only it is restarted.'),
	strategyTemplate('one_for_all', 'Three workers; when one crashes, all of them are restarted.'),
	strategyTemplate(
		'rest_for_one',
		'Three workers; when one crashes, it and those started after it are restarted.'
	)
];
