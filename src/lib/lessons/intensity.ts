import { appMain, defineLesson } from './lesson';

const flaky = `import type { GenServerModule } from 'superlearner';

/** Loses its connection 2 s after each start, and crashes. */
export const Flaky: GenServerModule<null> = {
	name: 'Flaky',
	init: () => ['ok', null, 2000],
	handleInfo() {
		throw new Error('lost the connection');
	}
};
`;

const main = appMain(
	`import { GenServer, type SupervisorModule } from 'superlearner';
import { Flaky } from './flaky';
`,
	[`GenServer.childSpec(Flaky, null, { id: 'flaky' })`]
);

const checks = `import { Supervisor, type Pid } from 'superlearner';
import { test, monitorLifecycle, setupIsolatedSupervisor } from 'superlearner/test';
import App from './main';

test(
	'the supervisor rides out a crash every 2 s, for a minute',
	async ({ node }) => {
		const { pid } = await setupIsolatedSupervisor(node, App);
		const life = monitorLifecycle(node, pid);
		await node.advance(60_000);
		if (!node.isAlive(pid)) {
			const restarts = life.events.filter((e) => e.type === 'restart').length;
			throw new Error(
				\`The supervisor gave up after \${restarts} restart\${restarts === 1 ? '' : 's'}: a crash every 2 s is more than its limit (1 restart in 5 s unless its flags say otherwise). Allow more restarts (intensity) in the time counted (period, in seconds).\`
			);
		}
	},
	{ clock: 'virtual' }
);

test(
	'the supervisor still gives up on a crash loop',
	async ({ node }) => {
		const { pid } = await setupIsolatedSupervisor(node, App);
		const life = monitorLifecycle(node, pid);
		for (let kills = 0; kills < 20 && node.isAlive(pid); kills++) {
			const [child] = await Supervisor.whichChildren(node, pid);
			node.exit(child.pid as Pid, 'kill');
			await node.settle();
		}
		if (node.isAlive(pid)) {
			throw new Error(
				'The supervisor restarted a child that crashed 20 times in no time, and went on. With a limit that high a crash loop never ends: keep intensity to a few restarts per period, so that a broken child takes its supervisor down.'
			);
		}
		const exit = life.events.find((e) => e.type === 'exit');
		if (exit?.reason !== 'shutdown') {
			throw new Error(\`The supervisor exited with \${String(exit?.reason)}, not 'shutdown'.\`);
		}
	},
	{ clock: 'virtual' }
);
`;

export const intensityLesson = defineLesson({
	slug: 'restart-intensity',
	title: 'Restart intensity and period',
	summary: 'Why a supervisor gives up: more restarts than its intensity within its period.',
	concept: [
		'Restarting is meant for the rare crash, and a restart does not fix a child that crashes for good. So a supervisor counts its restarts: if there are more than `intensity` of them within `period` seconds, it gives up. It stops all its children and exits with the reason `shutdown`.',
		'Its own supervisor sees that exit and, as a supervisor is usually a permanent child, restarts it with all its children: the failure climbs the tree, one level at a time, until a supervisor high enough can fix it, or the application itself stops. In this sandbox the root is the top: when it gives up, the sandbox has failed.',
		'Without flags, a supervisor allows 1 restart in 5 seconds (OTP’s default; a DynamicSupervisor allows 3). Choose a rate your children can meet in normal life, and no more: a limit too high hides a crash loop instead of stopping it.'
	],
	steps: [
		'Press Run. The worker crashes every 2 s; after its second crash the supervisor gives up, and the sandbox fails.',
		'In `main.ts`, give the supervisor flags that allow a crash every 2 s: add `intensity` (restarts allowed) and `period` (in seconds) beside the strategy. Keep it a few restarts, not hundreds.',
		'Press Check.'
	],
	files: { 'main.ts': main, 'flaky.ts': flaky, 'lesson.test.ts': checks },
	solution: [
		{
			file: 'main.ts',
			find: "{ strategy: 'one_for_one' }",
			replace: "{ strategy: 'one_for_one', intensity: 3, period: 5 }"
		}
	]
});
