import { appMain, defineLesson, spawnedChild } from './lesson';

const guardian = `import type { ExitMessage, ProcessContext } from 'superlearner';

/** Crashes at its first message. */
export async function worker(ctx: ProcessContext) {
	const message = await ctx.receive();
	throw new Error(\`cannot handle \${String(message)}\`);
}

/** Keeps a worker named 'worker' running: starts a new one each time the last one exits. */
export async function guardian(ctx: ProcessContext) {
	for (;;) {
		const pid = ctx.spawnLink(worker, { name: 'worker' });
		const { from, reason } = (await ctx.receive()) as ExitMessage;
		// An exit signal from anyone else (our supervisor, shutting us down) ends the guardian.
		if (from !== pid) ctx.exit(reason);
		console.log(\`the worker exited (\${String(reason)}): starting a new one\`);
	}
}
`;

const main = appMain(
	`import type { SupervisorModule } from 'superlearner';
import { guardian } from './guardian';
`,
	[spawnedChild('guardian')],
	"{ strategy: 'one_for_one', intensity: 10 }"
);

const checks = `import type { Node } from 'superlearner';
import { test } from 'superlearner/test';
import { guardian } from './guardian';

/** Starts a guardian, then crashes its worker: the guardian's pid and the first worker's. */
async function crashTheWorker(node: Node) {
	const pid = node.spawn(guardian);
	await node.settle();
	const first = node.whereis('worker');
	node.send('worker', 'boom');
	await node.settle();
	return { pid, first };
}

test('the guardian lives on when its worker crashes', async ({ node }) => {
	const { pid } = await crashTheWorker(node);
	if (!node.isAlive(pid)) {
		throw new Error(
			'The guardian died with its worker: the link carried the crash to it. A process that traps exits gets an EXIT message instead of dying: call ctx.trapExit(true) before spawning the worker.'
		);
	}
});

test('the guardian starts a new worker', async ({ node }) => {
	const { first } = await crashTheWorker(node);
	const now = node.whereis('worker');
	if (!now || now === first) {
		throw new Error("No new process runs under the name 'worker' after the crash: the guardian never got to start one.");
	}
});

test('a kill cannot be trapped: it ends the guardian and its worker', async ({ node }) => {
	const pid = node.spawn(guardian);
	await node.settle();
	const worker = node.whereis('worker')!;
	node.exit(pid, 'kill');
	await node.settle();
	if (node.isAlive(pid) || node.isAlive(worker)) {
		throw new Error("The guardian or its worker outlived a 'kill'. Nothing should keep a process alive after a kill.");
	}
});
`;

export const linksLesson = defineLesson({
	slug: 'links-and-trap-exit',
	title: 'Links and trap_exit',
	summary: 'Linked processes die together, unless one traps exits: the root of every supervisor.',
	concept: [
		'A link ties two processes both ways: when one exits, the other gets an exit signal with the same reason and, unless that reason is `normal`, exits too. `ctx.spawnLink` spawns a process already linked to its parent.',
		'A process that calls `ctx.trapExit(true)` is not killed by those signals: each one arrives as a message, `{ kind: "EXIT", from, reason }`, and the process decides what to do. That is how a supervisor hears that a child crashed, and starts it again.',
		'One signal cannot be trapped: an exit with reason `kill` ends any process, and its links see the reason `killed`. A process that traps exits must still stop when its parent shuts it down: here an EXIT from anyone but its worker ends the guardian with the same reason, as a GenServer does with its parent’s.'
	],
	steps: [
		'Press Run: the program starts, and its scenario sends a message to `worker`, which crashes. In the tree, the guardian has a new pid: it died with its worker, and its supervisor started it again.',
		'In `guardian.ts`, make the guardian trap exits: `ctx.trapExit(true);` as the first line of `guardian`. Its loop already handles the EXIT message: it only never got one.',
		'Press Check. Run again: the guardian keeps its pid, and the console says it starts a new worker.'
	],
	files: { 'main.ts': main, 'guardian.ts': guardian, 'lesson.test.ts': checks },
	scenario: [
		{ kind: 'send', target: { name: 'worker' }, message: 'boom' },
		{ kind: 'wait', ms: 100 }
	],
	solution: [
		{
			file: 'guardian.ts',
			find: 'export async function guardian(ctx: ProcessContext) {\n',
			replace: 'export async function guardian(ctx: ProcessContext) {\n\tctx.trapExit(true);\n'
		}
	]
});
