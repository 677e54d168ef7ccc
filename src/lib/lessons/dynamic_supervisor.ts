import { appMain, defineLesson, spawnedChild } from './lesson';

const job = `import { DynamicSupervisor, GenServer, type Caller, type GenServerModule } from 'superlearner';

/** Works for a second, then stops: the job is done. */
export const Job: GenServerModule<number, number> = {
	name: 'Job',
	init: (n) => ['ok', n, 1000],
	handleInfo(_timeout, n) {
		console.log(\`job \${n} done\`);
		return ['stop', 'normal', n];
	}
};

/** Starts job n under the 'jobs' DynamicSupervisor. */
export function startJob(caller: Caller, n: number) {
	return DynamicSupervisor.startChild(caller, 'jobs', GenServer.childSpec(Job, n));
}
`;

const main = appMain(
	`import { DynamicSupervisor, type ProcessContext, type SupervisorModule } from 'superlearner';
import { startJob } from './job';

/** Starts a job every 2 s. */
async function client(ctx: ProcessContext) {
	for (let n = 1; ; n++) {
		await startJob(ctx, n);
		await ctx.sleep(2000);
	}
}
`,
	[
		`{ id: 'jobs', type: 'supervisor', start: (sup) => DynamicSupervisor.startLink(sup, { name: 'jobs' }) }`,
		spawnedChild('client')
	]
);

const checks = `import { DynamicSupervisor } from 'superlearner';
import { test } from 'superlearner/test';
import { startJob } from './job';

test(
	'a job that is done is not started again',
	async ({ node }) => {
		await DynamicSupervisor.start(node, { name: 'jobs' });
		await startJob(node, 1);
		await node.advance(1500);
		const { active } = await DynamicSupervisor.countChildren(node, 'jobs');
		if (active > 0) {
			throw new Error(
				"The job stopped with 'normal' after 1 s, and its supervisor started it again: a permanent child (the default) is restarted whatever its reason. Which restart type restarts a child only when it crashes?"
			);
		}
	},
	{ clock: 'virtual' }
);

test('a job that crashes is started again', async ({ node }) => {
	await DynamicSupervisor.start(node, { name: 'jobs' });
	const started = await startJob(node, 1);
	if (started === 'ignore' || started[0] !== 'ok') throw new Error('The job did not start.');
	node.exit(started[1], 'kill');
	await node.settle();
	const { active } = await DynamicSupervisor.countChildren(node, 'jobs');
	if (active !== 1) {
		throw new Error(
			'The job was killed and not started again: a temporary child is never restarted. Choose the type that restarts a child after a crash, and not after a normal stop.'
		);
	}
});
`;

export const dynamicSupervisorLesson = defineLesson({
	slug: 'dynamic-supervisor',
	title: 'DynamicSupervisor',
	summary: 'Children started on demand, and restart types: permanent, transient, temporary.',
	concept: [
		'A DynamicSupervisor starts with no children. Any process adds one when it needs it, with `DynamicSupervisor.startChild(caller, sup, spec)`, which answers `["ok", pid]`: one per upload, per connection, per job. Its strategy is always `one_for_one`: a crash restarts that child alone.',
		'A child’s `restart` type says when it is restarted. `permanent` (the default): always, even after a normal stop. `transient`: only when it exits abnormally, with a reason other than `normal`, `shutdown` or `["shutdown", term]`. `temporary`: never; it is only removed.',
		'Work that ends when it is done, such as a job, is `transient`: a job that finished stays finished, and one that crashed gets another try. Like any supervisor, a DynamicSupervisor gives up after too many restarts (3 in 5 s by default).'
	],
	steps: [
		'Press Run. Each job says it is done, and starts again; soon the jobs supervisor restarts too often and gives up.',
		'In `job.ts`, give each job the restart type that restarts it after a crash but not once it is done: `GenServer.childSpec(Job, n, { restart: … })`.',
		'Press Check. Then Run again and kill a job in the tree: it comes back, and stops for good once done.'
	],
	files: { 'main.ts': main, 'job.ts': job, 'lesson.test.ts': checks },
	solution: [
		{
			file: 'job.ts',
			find: 'GenServer.childSpec(Job, n)',
			replace: "GenServer.childSpec(Job, n, { restart: 'transient' })"
		}
	]
});
