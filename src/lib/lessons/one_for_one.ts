import { appMain, defineLesson } from './lesson';

const counter = `import type { GenServerModule } from 'superlearner';

/** Counts the 'hit' casts it gets; a call answers the count. */
export const Counter: GenServerModule<number> = {
	name: 'Counter',
	init: () => ['ok', 0],
	handleCall: (_request, _from, n) => ['reply', n, n],
	handleCast: (_hit, n) => ['noreply', n + 1]
};
`;

const main = appMain(
	`import { GenServer, type SupervisorModule } from 'superlearner';
import { Counter } from './counter';
`,
	[`GenServer.childSpec(Counter, undefined, { id: 'visits' })`]
);

const checks = `import { Supervisor, type Node, type Pid } from 'superlearner';
import { test, castAndSync, setupIsolatedSupervisor, waitForProcessRestart } from 'superlearner/test';
import App from './main';

/** The supervisor's running children, by id. */
async function children(node: Node, sup: Pid) {
	const list = await Supervisor.whichChildren(node, sup);
	return new Map(list.map((c) => [c.id, c.pid as Pid]));
}

test('the supervisor runs two counters: visits, then likes', async ({ node }) => {
	const { pid } = await setupIsolatedSupervisor(node, App);
	const ids = [...(await children(node, pid)).keys()];
	if (ids.join() !== 'visits,likes') {
		throw new Error(\`The supervisor's children are \${ids.join(', ')}: add a second counter with the id 'likes', after visits.\`);
	}
});

test('a crash of likes restarts likes alone: visits keeps its pid and its count', async ({ node }) => {
	const { pid } = await setupIsolatedSupervisor(node, App);
	const before = await children(node, pid);
	const visits = before.get('visits')!;
	const likes = before.get('likes');
	if (!likes) throw new Error('There is no likes counter to crash yet: add it first.');
	await castAndSync(node, visits, 'hit');
	const restarted = waitForProcessRestart(node, pid, 'likes');
	node.exit(likes, 'kill');
	await restarted;
	const after = await children(node, pid);
	if (after.get('visits') !== visits || (await node.call(visits, 'get')) !== 1) {
		throw new Error('When likes crashed, visits was restarted too and lost its count: only the crashed child should restart.');
	}
});
`;

export const oneForOneLesson = defineLesson({
	slug: 'one-for-one',
	title: 'Supervisors: one_for_one',
	summary: 'A supervisor starts its children from child specs, and restarts each one that crashes.',
	concept: [
		'A supervisor is a process that traps exits and does one thing: it starts its children, in the order of their child specs, and restarts them when they exit. A child spec says how: an `id`, a `start` function, and a `restart` type (`permanent` by default: restarted whatever the reason).',
		'`GenServer.childSpec(Module, args, { id })` writes the spec of a GenServer child for you. Each id must be unique under its supervisor: it is how you name a child there, whatever its pid.',
		'The strategy says which children restart together. Under `one_for_one`, the crashed child alone is restarted, with a fresh state from its `init`; its siblings keep running, untouched. It is the right choice when children do not depend on each other.'
	],
	steps: [
		'In `main.ts`, add a second child: another Counter with the id `likes`, after `visits`.',
		'Press Run: its scenario counts a hit on `visits`, kills `likes`, and checks that `visits` still holds 1. In the tree, `likes` has a new pid and `visits` its old one.',
		'Press Check.'
	],
	files: { 'main.ts': main, 'counter.ts': counter, 'lesson.test.ts': checks },
	scenario: [
		{ kind: 'cast', target: { path: ['visits'] }, message: 'hit' },
		{ kind: 'kill', target: { path: ['likes'] }, reason: 'kill' },
		{ kind: 'assert', check: 'state', target: { path: ['visits'] }, value: 1 }
	],
	solution: [
		{
			file: 'main.ts',
			find: "{ id: 'visits' })",
			replace: "{ id: 'visits' }),\n\t\t\tGenServer.childSpec(Counter, undefined, { id: 'likes' })"
		}
	]
});
