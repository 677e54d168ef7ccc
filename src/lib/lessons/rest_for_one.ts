import { appMain, defineLesson } from './lesson';

const store = `import { GenServer, type GenServerModule, type Pid } from 'superlearner';

/** Values by key: ['put', key, value] and ['get', key] calls. */
export const Db: GenServerModule<Record<string, number>> = {
	name: 'Db',
	init: () => ['ok', {}],
	handleCall(request, _from, data) {
		const [op, key, value] = request as [string, string, number];
		if (op === 'put') return ['reply', 'ok', { ...data, [key]: value }];
		return ['reply', data[key], data];
	}
};

/** Remembers what it read from the db it found when it started. */
export const Cache: GenServerModule<{ db: Pid; seen: Record<string, number> }> = {
	name: 'Cache',
	init: (_args, ctx) => ['ok', { db: ctx.node.whereis('db')!, seen: {} }],
	async handleCall(key, _from, s, ctx) {
		const k = key as string;
		const value = s.seen[k] ?? (await GenServer.call<number>(ctx, s.db, ['get', k]));
		return ['reply', value, { ...s, seen: { ...s.seen, [k]: value } }];
	}
};
`;

const main = appMain(
	`import { GenServer, type SupervisorModule } from 'superlearner';
import { Cache, Db } from './store';
`,
	[
		`{ id: 'db', start: (sup) => GenServer.startLink(sup, Db, null, { name: 'db' }) }`,
		`{ id: 'cache', start: (sup) => GenServer.startLink(sup, Cache, null, { name: 'cache' }) }`
	],
	"{ strategy: 'one_for_all' }"
);

const checks = `import type { Node, Pid } from 'superlearner';
import { test, setupIsolatedSupervisor, waitForProcessRestart } from 'superlearner/test';
import App from './main';

/** Kills the child \`id\` of \`sup\`, and waits until the supervisor has done what it does. */
async function crash(node: Node, sup: Pid, id: string) {
	const restarted = waitForProcessRestart(node, sup, id);
	node.exit(node.whereis(id)!, 'kill');
	await restarted;
	await node.settle();
}

test('the cache restarts when the db does', async ({ node }) => {
	const { pid } = await setupIsolatedSupervisor(node, App);
	await node.call('db', ['put', 'x', 1]);
	await node.call('cache', 'x');
	await crash(node, pid, 'db');
	await node.call('db', ['put', 'x', 2]);
	const value = await node.call('cache', 'x');
	if (value !== 2) {
		throw new Error(
			\`After the db restarted and x was set to 2, the cache answered \${value}: it kept what it read from the old db. It depends on the db, so it must restart when the db does.\`
		);
	}
});

test('the db keeps its data when the cache crashes', async ({ node }) => {
	const { pid } = await setupIsolatedSupervisor(node, App);
	await node.call('db', ['put', 'x', 1]);
	await crash(node, pid, 'cache');
	const value = await node.call('db', ['get', 'x']);
	if (value !== 1) {
		throw new Error(
			\`After the cache crashed, the db answered \${value} for x, not 1: it was restarted too, and lost its data. The db does not depend on the cache: only the crashed child and those started after it should restart.\`
		);
	}
});
`;

export const restForOneLesson = defineLesson({
	slug: 'rest-for-one',
	title: 'Supervisors: rest_for_one',
	summary: 'Children that depend on the ones before them restart with them, and only with them.',
	concept: [
		'Often dependencies go one way. The cache reads from the db, and keeps the db’s pid and what it read; the db knows nothing of the cache. When the db restarts (empty, with a new pid), the cache is wrong and must restart too. When the cache crashes, the db is fine and should keep its data.',
		'`one_for_one` restarts too little here, and `one_for_all` too much. Under `rest_for_one`, the supervisor restarts the crashed child and every child started after it, in order, and leaves those before it alone.',
		'So the order of the child specs says who depends on whom: put what others need first, and each child after the children it needs. OTP applications are built this way, from their registry and database up to the workers that use them.'
	],
	steps: [
		'Press Run: its scenario stores x in the db, kills the cache, and reads x again. Under `one_for_all` the db restarted too, and x is gone.',
		'In `main.ts`, choose the strategy that restarts the crashed child and the ones after it.',
		'Press Check.'
	],
	files: { 'main.ts': main, 'store.ts': store, 'lesson.test.ts': checks },
	scenario: [
		{ kind: 'call', target: { name: 'db' }, message: ['put', 'x', 1] },
		{ kind: 'kill', target: { path: ['cache'] }, reason: 'kill' },
		{ kind: 'call', target: { name: 'db' }, message: ['get', 'x'] }
	],
	solution: [{ file: 'main.ts', find: "'one_for_all'", replace: "'rest_for_one'" }]
});
