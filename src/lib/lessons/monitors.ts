import { appMain, defineLesson, spawnedChild } from './lesson';

const attempt = `import type { DownMessage, ProcessContext } from 'superlearner';

export type Outcome = ['ok', unknown] | ['error', unknown];

/** Runs job in a process of its own: ['ok', value] if it returns, ['error', reason] if it crashes. */
export async function attempt(ctx: ProcessContext, job: () => unknown): Promise<Outcome> {
	const self = ctx.self;
	ctx.spawnLink(async (w) => w.send(self, { done: await job() }));
	const message = (await ctx.receive()) as { done: unknown } | DownMessage;
	return 'done' in message ? ['ok', message.done] : ['error', message.reason];
}
`;

const main = appMain(
	`import type { ProcessContext, SupervisorModule } from 'superlearner';
import { attempt } from './attempt';

/** Tries a job every second; every other one crashes. */
async function client(ctx: ProcessContext) {
	for (let n = 1; ; n++) {
		const outcome = await attempt(ctx, () => {
			if (n % 2 === 0) throw new Error(\`job \${n} failed\`);
			return n * n;
		});
		console.log(\`job \${n}:\`, outcome);
		await ctx.sleep(1000);
	}
}
`,
	[spawnedChild('client')]
);

const checks = `import type { Node } from 'superlearner';
import { test } from 'superlearner/test';
import { attempt, type Outcome } from './attempt';

/** Runs attempt(job) in a process of the test that then waits: its answer, and that process. */
async function tryJob(node: Node, job: () => unknown) {
	let outcome: Outcome | undefined;
	const caller = node.spawn(async (ctx) => {
		outcome = await attempt(ctx, job);
		await ctx.receive({ match: () => false });
	});
	await node.settle();
	return { outcome, alive: node.isAlive(caller), queued: node.processInfo(caller)?.messageQueueLen };
}

test("a job that returns gives ['ok', value]", async ({ node }) => {
	const { outcome } = await tryJob(node, () => 42);
	if (outcome?.[0] !== 'ok' || outcome[1] !== 42) {
		throw new Error(\`attempt answered \${JSON.stringify(outcome)} for a job that returned 42, not ['ok', 42].\`);
	}
});

test("a job that crashes gives ['error', reason], and the caller lives on", async ({ node }) => {
	const { outcome, alive } = await tryJob(node, () => {
		throw 'boom';
	});
	if (!alive) {
		throw new Error(
			'The caller died with the crashed job: a link carries a crash both ways. Watch the job with a monitor instead (ctx.spawnMonitor): its end comes as a DOWN message with the reason.'
		);
	}
	if (outcome?.[0] !== 'error' || outcome[1] !== 'boom') {
		throw new Error(\`attempt answered \${JSON.stringify(outcome)} for a job that threw 'boom', not ['error', 'boom'].\`);
	}
});

test('no DOWN message is left behind after a job that returns', async ({ node }) => {
	const { queued } = await tryJob(node, () => 42);
	if (queued) {
		throw new Error(
			"A message was left in the caller's mailbox: the DOWN of the finished job, which came after its answer. Once you have the answer, ctx.demonitor(ref, { flush: true }) removes the monitor and a DOWN it has sent."
		);
	}
});
`;

export const monitorsLesson = defineLesson({
	slug: 'monitors',
	title: 'Monitors',
	summary: 'Watch a process without dying with it: a monitor turns its end into a DOWN message.',
	concept: [
		'A monitor is one-way: the watcher is told when the watched process ends, and nothing more. `const ref = ctx.monitor(pid)` (or `ctx.spawnMonitor(body)`, which answers `[pid, ref]`) asks for one message, `{ kind: "DOWN", ref, pid, reason }`, when that process exits for any reason, `normal` included.',
		'Unlike a link, nothing travels back: the watched process never hears of its watcher, and a crash does not spread. Monitoring a process that is already gone answers a DOWN with the reason `noproc` at once.',
		'A DOWN can arrive after you no longer care, as a job ends just after sending its result. `ctx.demonitor(ref, { flush: true })` removes the monitor and any DOWN already in the mailbox, so none is left there for ever. (Real code also matches the DOWN on its `ref`, in case other messages are queued.)'
	],
	steps: [
		'Press Run. Job 2 crashes and takes the client down with it: the job was spawned with a link.',
		'In `attempt.ts`, spawn the job with a monitor: `const [, ref] = ctx.spawnMonitor(…)`. Its crash now arrives as the DOWN message the code already reads.',
		'Press Check: one check still fails. After the `receive`, add `ctx.demonitor(ref, { flush: true });` and check again.'
	],
	files: { 'main.ts': main, 'attempt.ts': attempt, 'lesson.test.ts': checks },
	solution: [
		{
			file: 'attempt.ts',
			find: '\tctx.spawnLink(',
			replace: '\tconst [, ref] = ctx.spawnMonitor('
		},
		{
			file: 'attempt.ts',
			find: 'DownMessage;\n',
			replace: 'DownMessage;\n\tctx.demonitor(ref, { flush: true });\n'
		}
	]
});
