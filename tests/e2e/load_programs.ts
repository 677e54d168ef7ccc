/**
 * The two programs of issue 10's load finding, as a learner (or an attacker) would write them:
 * a pool of 10,000 GenServers, and a restart storm of about 8,000 restarts a second. The e2e
 * test and the load benchmark both create them over REST.
 */

/**
 * A DynamicSupervisor that a filler fills with `size` idle GenServers, as fast as it can. With
 * the root, the pool and the filler, the default makes 10,000 processes: a sandbox's limit.
 */
export function bigPool(size = 9_997): Record<string, string> {
	return {
		'main.ts': `import { DynamicSupervisor, GenServer, type GenServerModule, type SupervisorModule } from 'superlearner';

export const Idle: GenServerModule<number> = { name: 'Load.Idle', init: (n) => ['ok', n] };

/** Starts the pool's children, then says how many it started. */
const Filler: GenServerModule<number> = {
	name: 'Load.Filler',
	init: (_args, ctx) => {
		ctx.send(ctx.self, 'fill');
		return ['ok', 0];
	},
	async handleInfo(_message, _n, ctx) {
		let started = 0;
		for (let i = 0; i < ${size}; i++) {
			const result = await DynamicSupervisor.startChild(ctx, 'pool', GenServer.childSpec(Idle, i));
			if (result !== 'ignore' && result[0] === 'ok') started++;
		}
		console.log('pool filled: ' + started + ' children');
		return ['noreply', started];
	}
};

const App: SupervisorModule = {
	name: 'Load.App',
	init: () => [
		'ok',
		{ strategy: 'one_for_one' },
		[
			{
				id: 'pool',
				start: (sup) => DynamicSupervisor.startLink(sup, { name: 'pool' }),
				type: 'supervisor',
				modules: ['DynamicSupervisor']
			},
			GenServer.childSpec(Filler, undefined, { id: 'filler' })
		]
	]
};
export default App;
`
	};
}

/**
 * `workers` GenServers that each throw `everyMs` after they start, under a supervisor that
 * never gives up: about workers × 1000 / everyMs restarts a second (12,500 with the
 * defaults, of which a busy two-core machine runs about 8,000).
 */
export function restartStorm(workers = 150, everyMs = 12): Record<string, string> {
	return {
		'main.ts': `import { GenServer, type GenServerModule, type SupervisorModule } from 'superlearner';

const Crasher: GenServerModule<number> = {
	name: 'Storm.Crasher',
	init: (n) => ['ok', n, ${everyMs}],
	handleInfo(message, n) {
		if (message === 'timeout') throw new Error('storm');
		return ['noreply', n];
	}
};

const App: SupervisorModule = {
	name: 'Storm.App',
	init: () => [
		'ok',
		{ strategy: 'one_for_one', intensity: 1_000_000_000, period: 1 },
		Array.from({ length: ${workers} }, (_, i) =>
			GenServer.childSpec(Crasher, i, { id: 'crasher_' + i })
		)
	]
};
export default App;
`
	};
}
