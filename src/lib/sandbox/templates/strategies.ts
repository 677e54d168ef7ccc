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

function strategyTemplate(strategy: StrategyName, description: string): Template {
	return {
		id: strategy,
		title: `${strategy} tree`,
		description,
		files: { 'main.ts': mainFor(strategy), 'worker.ts': worker },
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
