import { appMain, defineLesson } from './lesson';

const cards = `import { GenServer, type GenServerModule } from 'superlearner';

/** The cards not dealt yet: 'take' answers how many it gave (1, or 0 when empty). */
export const Deck: GenServerModule<number> = {
	name: 'Deck',
	init: () => ['ok', 52],
	handleCall(request, _from, left) {
		if (request === 'take') return left > 0 ? ['reply', 1, left - 1] : ['reply', 0, left];
		return ['reply', left, left];
	}
};

/** The cards dealt: each 'deal' takes one from the deck. */
export const Table: GenServerModule<number> = {
	name: 'Table',
	init: () => ['ok', 0],
	async handleCall(request, _from, dealt, ctx) {
		if (request !== 'deal') return ['reply', dealt, dealt];
		const taken = await GenServer.call<number>(ctx, 'deck', 'take');
		return ['reply', taken, dealt + taken];
	}
};
`;

const main = appMain(
	`import { GenServer, type SupervisorModule } from 'superlearner';
import { Deck, Table } from './cards';
`,
	[
		`{ id: 'deck', start: (sup) => GenServer.startLink(sup, Deck, null, { name: 'deck' }) }`,
		`{ id: 'table', start: (sup) => GenServer.startLink(sup, Table, null, { name: 'table' }) }`
	]
);

const checks = `import type { Node } from 'superlearner';
import { test, setupIsolatedSupervisor, waitForProcessRestart } from 'superlearner/test';
import App from './main';

/** Deals 5 cards, crashes the child \`victim\`, then counts the cards in the deck and on the table. */
async function countAfterCrash(node: Node, victim: string) {
	const { pid } = await setupIsolatedSupervisor(node, App);
	for (let i = 0; i < 5; i++) await node.call('table', 'deal');
	const restarted = waitForProcessRestart(node, pid, victim);
	node.exit(node.whereis(victim)!, 'kill');
	await restarted;
	await node.settle();
	return [await node.call<number>('deck', 'count'), await node.call<number>('table', 'count')];
}

for (const victim of ['deck', 'table']) {
	test(\`52 cards in all after the \${victim} crashes\`, async ({ node }) => {
		const [deck, table] = await countAfterCrash(node, victim);
		if (deck + table !== 52) {
			throw new Error(
				\`After the \${victim} crashed, the deck held \${deck} cards and the table \${table}: \${deck + table} in all, not 52. The \${victim} came back fresh, but the other kept a state that only made sense with the old one. Restart both when either crashes.\`
			);
		}
	});
}
`;

export const oneForAllLesson = defineLesson({
	slug: 'one-for-all',
	title: 'Supervisors: one_for_all',
	summary: 'When children only make sense together, a crash of one restarts them all.',
	concept: [
		'Some children share a truth that neither holds alone. Here the deck and the table hold 52 cards between them: every card taken from the deck is on the table. Restart one of them alone and it comes back with a fresh state from its `init`, while the other keeps a state that no longer matches.',
		'Under `one_for_all`, when a child exits and is to be restarted, the supervisor stops all the others (in the reverse of their start order) and starts them all again, in order. Everything comes back from a known, consistent start.',
		'It costs more: the healthy children lose their state too. Use it when the children cannot be right without each other, and keep such a group small, under a supervisor of its own.'
	],
	steps: [
		'Press Run: its scenario deals 5 cards, kills the table, and asks the deck how many it holds: 47. Five cards have vanished.',
		'In `main.ts`, change the strategy so that a crash of either child restarts both.',
		'Press Check, and Run again: 52 cards.'
	],
	files: { 'main.ts': main, 'cards.ts': cards, 'lesson.test.ts': checks },
	scenario: [
		...Array.from({ length: 5 }, () => ({
			kind: 'call' as const,
			target: { name: 'table' },
			message: 'deal'
		})),
		{ kind: 'kill', target: { path: ['table'] }, reason: 'kill' },
		{ kind: 'call', target: { name: 'deck' }, message: 'count' }
	],
	solution: [{ file: 'main.ts', find: "'one_for_one'", replace: "'one_for_all'" }]
});
