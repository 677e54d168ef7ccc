import { appMain, defineLesson } from './lesson';

const account = `import type { GenServerModule } from 'superlearner';

/** A bank account: its state is the balance. */
export const Account: GenServerModule<number> = {
	name: 'Account',
	init: (balance: number) => ['ok', balance],
	handleCall(request, _from, balance) {
		if (request === 'balance') return ['reply', balance, balance];
		return ['reply', ['error', 'unknown_call'], balance];
	},
	handleCast(message, balance) {
		const [op, amount] = message as [string, number];
		if (op === 'deposit') return ['noreply', balance + amount];
		// A cast has no reply: the caller never learns whether this worked.
		if (op === 'withdraw' && amount <= balance) return ['noreply', balance - amount];
		return ['noreply', balance];
	}
};
`;

const main = appMain(
	`import { GenServer, type SupervisorModule } from 'superlearner';
import { Account } from './account';
`,
	[`GenServer.childSpec(Account, 100, { id: 'account' })`]
);

const checks = `import type { Node } from 'superlearner';
import { test, castAndSync, setupIsolatedGenServer } from 'superlearner/test';
import { Account } from './account';

const start = (node: Node) => setupIsolatedGenServer(node, Account, { args: 100 });

test('a deposit is a cast, the balance a call', async ({ node }) => {
	const { pid } = await start(node);
	await castAndSync(node, pid, ['deposit', 50]);
	const balance = await node.call(pid, 'balance');
	if (balance !== 150) throw new Error(\`After a deposit of 50 on 100, the balance is \${balance}, not 150.\`);
});

test("withdraw is a call that answers 'ok' and takes the money", async ({ node }) => {
	const { pid } = await start(node);
	const answer = await node.call(pid, ['withdraw', 30]);
	if (answer !== 'ok') {
		throw new Error(
			\`A call of ['withdraw', 30] answered \${JSON.stringify(answer)}, not 'ok'. A cast has no answer, so the caller never learns whether the money was there: handle withdraw in handleCall, and reply.\`
		);
	}
	const balance = await node.call(pid, 'balance');
	if (balance !== 70) throw new Error(\`After withdrawing 30 from 100, the balance is \${balance}, not 70.\`);
});

test("withdrawing more than the balance answers ['error', 'insufficient_funds']", async ({ node }) => {
	const { pid } = await start(node);
	const answer = await node.call(pid, ['withdraw', 500]);
	const balance = await node.call(pid, 'balance');
	if (JSON.stringify(answer) !== '["error","insufficient_funds"]' || balance !== 100) {
		throw new Error(
			\`Withdrawing 500 from 100 answered \${JSON.stringify(answer)} and left \${balance}: it should answer ['error', 'insufficient_funds'] and leave the 100 as they were.\`
		);
	}
});
`;

export const genServerLesson = defineLesson({
	slug: 'genserver-call-cast',
	title: 'GenServer: call and cast',
	summary: 'A call waits for an answer, a cast does not: choose which one each request needs.',
	concept: [
		'A GenServer is the process loop of the first lesson, written once and for all: it keeps a state and hands each message to a callback of yours. `init` gives the first state; each callback answers the next.',
		'`GenServer.call(caller, server, request)` sends a request and waits for the answer (5 s at most, by default; past that the caller exits with `timeout`). The server handles it in `handleCall`, which answers `["reply", answer, newState]`. Calls are handled one at a time: a caller also waits for the calls queued before its own.',
		'`GenServer.cast(caller, server, message)` sends and returns at once; `handleCast` answers `["noreply", newState]`. Nobody learns what became of a cast, or whether the server was even there. Use a call when the caller needs the answer or must not run ahead of the server; a cast when neither matters.'
	],
	steps: [
		'Press Run: the account starts, and its scenario deposits 50 and withdraws twice (the answers show under the code). Both withdrawals answer `["error", "unknown_call"]`: withdraw is only a cast.',
		'In `account.ts`, handle `["withdraw", amount]` in `handleCall`: reply `"ok"` with the new balance, or `["error", "insufficient_funds"]` with the balance unchanged when there is not enough.',
		'Press Check, and Run again to see the answers.'
	],
	files: { 'main.ts': main, 'account.ts': account, 'lesson.test.ts': checks },
	scenario: [
		{ kind: 'cast', target: { path: ['account'] }, message: ['deposit', 50] },
		{ kind: 'call', target: { path: ['account'] }, message: 'balance' },
		{ kind: 'call', target: { path: ['account'] }, message: ['withdraw', 30] },
		{ kind: 'call', target: { path: ['account'] }, message: ['withdraw', 500] }
	],
	solution: [
		{
			file: 'account.ts',
			find: "\t\tif (request === 'balance') return ['reply', balance, balance];\n",
			replace: `\t\tif (request === 'balance') return ['reply', balance, balance];
		const [op, amount] = request as [string, number];
		if (op === 'withdraw') {
			if (amount > balance) return ['reply', ['error', 'insufficient_funds'], balance];
			return ['reply', 'ok', balance - amount];
		}
`
		}
	]
});
