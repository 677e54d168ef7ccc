import type { Template } from './template';

const job = `import type { GenServerModule } from 'superlearner';

/** A pool job: works for a while, then finishes normally. */
export const Job: GenServerModule<{ n: number }, number> = {
	name: 'Job',
	init: (n) => {
		console.log(\`job \${n} started\`);
		return ['ok', { n }, 2000 + 1000 * (n % 4)];
	},
	handleInfo(message, state) {
		if (message === 'timeout') {
			console.log(\`job \${state.n} done\`);
			return ['stop', 'normal', state];
		}
		return ['noreply', state];
	}
};
`;

const spawner = `import { DynamicSupervisor, GenServer, type GenServerModule } from 'superlearner';
import { Job } from './job';

/** Starts a job in the pool every second. */
export const Spawner: GenServerModule<{ started: number }> = {
	name: 'Spawner',
	init(_args, ctx) {
		const server = ctx.self;
		ctx.spawnLink(async (t) => {
			for (;;) {
				await t.sleep(1000);
				t.send(server, 'spawn');
			}
		});
		return ['ok', { started: 0 }];
	},
	async handleInfo(message, state, ctx) {
		if (message !== 'spawn') return ['noreply', state];
		const n = state.started + 1;
		// Transient: a job that finishes normally is not restarted.
		const result = await DynamicSupervisor.startChild(
			ctx,
			'pool',
			GenServer.childSpec(Job, n, { restart: 'transient' })
		);
		if (result !== 'ignore' && result[0] === 'error') console.warn('pool refused:', result[1]);
		return ['noreply', { started: n }];
	}
};
`;

const main = `import { DynamicSupervisor, GenServer, type SupervisorModule } from 'superlearner';
import { Spawner } from './spawner';

/** A pool of at most 5 jobs, fed by the Spawner. */
const App: SupervisorModule = {
	name: 'App',
	init: () => [
		'ok',
		{ strategy: 'one_for_one' },
		[
			{
				id: 'pool',
				start: (sup) => DynamicSupervisor.startLink(sup, { name: 'pool', maxChildren: 5 }),
				type: 'supervisor',
				modules: ['DynamicSupervisor']
			},
			GenServer.childSpec(Spawner, undefined, { id: 'spawner' })
		]
	]
};

export default App;
`;

const poolTest = `import { DynamicSupervisor } from 'superlearner';
import { expect, test, setupIsolatedSupervisor } from 'superlearner/test';
import App from './main';

// On a virtual clock the spawner's seconds pass when the test says so.
test(
	'keeps at most five jobs at a time',
	async ({ node }) => {
		await setupIsolatedSupervisor(node, App);
		await node.advance(8_000);
		const { active } = await DynamicSupervisor.countChildren(node, 'pool');
		expect(active).toBeGreaterThan(0);
		expect(active).toBeLessThanOrEqual(5);
	},
	{ clock: 'virtual' }
);
`;

export const poolTemplate: Template = {
	id: 'pool',
	title: 'DynamicSupervisor pool',
	description: 'Jobs started on demand under a DynamicSupervisor, at most five at a time.',
	files: { 'main.ts': main, 'spawner.ts': spawner, 'job.ts': job, 'pool.test.ts': poolTest },
	entry: 'main.ts'
};
