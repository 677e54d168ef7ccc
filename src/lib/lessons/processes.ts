import { appMain, defineLesson, spawnedChild } from './lesson';

const echo = `import type { Pid, ProcessContext } from 'superlearner';

export type Ping = { from: Pid; text: string };

/** Answers a { from, text } message with { echo: text }. */
export async function echo(ctx: ProcessContext) {
	const { from, text } = (await ctx.receive()) as Ping;
	ctx.send(from, { echo: text });
	// Nothing more to do: the function returns, and the process exits 'normal'.
}
`;

const main = appMain(
	`import { TIMEOUT, type ProcessContext, type SupervisorModule } from 'superlearner';
import { echo } from './echo';

/** Starts an echo, then asks it something every second. */
async function client(ctx: ProcessContext) {
	const pid = ctx.spawnLink(echo, { label: 'echo' });
	for (let n = 1; ; n++) {
		ctx.send(pid, { from: ctx.self, text: \`hello \${n}\` });
		const reply = await ctx.receive({ timeout: 500 });
		console.log(reply === TIMEOUT ? \`no answer to hello \${n}\` : reply);
		await ctx.sleep(1000);
	}
}
`,
	[spawnedChild('client')]
);

const checks = `import { TIMEOUT, type Node, type Pid } from 'superlearner';
import { test, waitForProcessDeath } from 'superlearner/test';
import { echo } from './echo';

/** Sends each text to the echo from a process of the test: the answers, until one is missing. */
async function ask(node: Node, pid: Pid, texts: string[]) {
	const answers: unknown[] = [];
	const asker = node.spawn(async (ctx) => {
		for (const text of texts) {
			ctx.send(pid, { from: ctx.self, text });
			const reply = await ctx.receive({ timeout: 100 });
			if (reply === TIMEOUT) return;
			answers.push(reply);
		}
	});
	await waitForProcessDeath(node, asker);
	return answers;
}

test('the echo answers with the text it got', async ({ node }) => {
	const [answer] = await ask(node, node.spawn(echo), ['hi']);
	if (JSON.stringify(answer) !== '{"echo":"hi"}') {
		throw new Error(\`The echo answered \${JSON.stringify(answer)} to 'hi', not { echo: 'hi' }.\`);
	}
});

test('the echo answers every message, not only the first', async ({ node }) => {
	const pid = node.spawn(echo);
	const answers = await ask(node, pid, ['one', 'two', 'three']);
	if (answers.length < 3) {
		throw new Error(
			\`The echo answered \${answers.length} of 3 messages\${node.isAlive(pid) ? '' : ': after that its function returned, and its process ended'}. Receive in a loop, so that the process waits for the next message.\`
		);
	}
});
`;

export const processesLesson = defineLesson({
	slug: 'processes-and-messages',
	title: 'Processes and messages',
	summary: 'A process is a function with a mailbox: make one answer every message it gets.',
	concept: [
		'A process runs a function on its own, with a mailbox. `ctx.send(pid, message)` puts a message in another process’s mailbox and returns at once; `await ctx.receive()` takes the oldest message, waiting for one if the mailbox is empty.',
		'Processes share nothing: messages are the only way to talk. A message that wants an answer carries its sender’s pid (`from: ctx.self`), and the answer is one more message, sent back to it.',
		'When its function returns, the process exits with the reason `normal` and its mailbox goes with it. A message sent to a process that has ended is dropped without a word, as in Erlang: the sender learns nothing unless it waits for an answer with a timeout.'
	],
	steps: [
		'Press Run. The client says hello every second; the console shows the first answer, then `no answer to hello 2`.',
		'In `echo.ts`, make `echo` loop: receive a message, answer it, and receive again (put the two lines in a `for (;;)` loop). A server process is exactly this: a loop over its mailbox.',
		'Press Check.'
	],
	files: { 'main.ts': main, 'echo.ts': echo, 'lesson.test.ts': checks },
	solution: [
		{
			file: 'echo.ts',
			find: `	const { from, text } = (await ctx.receive()) as Ping;
	ctx.send(from, { echo: text });
	// Nothing more to do: the function returns, and the process exits 'normal'.
`,
			replace: `	for (;;) {
		const { from, text } = (await ctx.receive()) as Ping;
		ctx.send(from, { echo: text });
	}
`
		}
	]
});
