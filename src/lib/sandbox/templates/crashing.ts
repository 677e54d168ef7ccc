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

export const crashingTemplate: Template = {
	id: 'crashing',
	title: 'Crashing worker',
	description: 'A worker that throws every 4 seconds beside one that does not; watch the restarts.',
	files: { 'main.ts': main, 'crasher.ts': crasher },
	entry: 'main.ts'
};
