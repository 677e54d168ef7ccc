import { appMain, defineLesson, spawnedChild } from './lesson';

const rooms = `import { DynamicSupervisor, GenServer, Registry, type Caller, type GenServerModule, type Pid } from 'superlearner';

/** A chat room: keeps the lines cast to it; a call answers them. */
export const Room: GenServerModule<string[]> = {
	name: 'Room',
	init: () => ['ok', []],
	handleCall: (_request, _from, lines) => ['reply', lines, lines],
	handleCast: (line, lines) => ['noreply', [...lines, String(line)]]
};

/** The room called id: started under 'rooms', named id in the 'Rooms' registry. */
export async function openRoom(caller: Caller, id: string): Promise<Pid> {
	const result = await DynamicSupervisor.startChild(caller, 'rooms', {
		start: (sup) => GenServer.startLink(sup, Room, id, { name: Registry.via('Rooms', id) })
	});
	if (result !== 'ignore' && result[0] === 'ok') return result[1];
	throw new Error(\`room \${id} did not start: \${String(result)}\`);
}
`;

const main = appMain(
	`import { DynamicSupervisor, GenServer, Registry, type ProcessContext, type SupervisorModule } from 'superlearner';
import { openRoom } from './rooms';

/** The Rooms registry, linked to its supervisor (Registry.start does not link). */
async function registry(sup: ProcessContext) {
	const started = await Registry.start(sup, { name: 'Rooms' });
	if (started !== 'ignore' && started[0] === 'ok') sup.link(started[1]);
	return started;
}

/** Opens the lobby every 2 s and says hello there. */
async function client(ctx: ProcessContext) {
	for (let n = 1; ; n++) {
		const lobby = await openRoom(ctx, 'lobby');
		GenServer.cast(ctx, lobby, \`hello \${n}\`);
		console.log('lobby:', await GenServer.call(ctx, lobby, 'lines'));
		await ctx.sleep(2000);
	}
}
`,
	[
		`{ id: 'registry', start: registry }`,
		`{ id: 'rooms', type: 'supervisor', start: (sup) => DynamicSupervisor.startLink(sup, { name: 'rooms' }) }`,
		spawnedChild('client')
	],
	"{ strategy: 'rest_for_one' }"
);

const checks = `import { DynamicSupervisor, GenServer, Registry, type Node } from 'superlearner';
import { test } from 'superlearner/test';
import { openRoom } from './rooms';

async function startRooms(node: Node) {
	await Registry.start(node, { name: 'Rooms' });
	await DynamicSupervisor.start(node, { name: 'rooms' });
}

test('opening a room that is open gives that room', async ({ node }) => {
	await startRooms(node);
	const first = await openRoom(node, 'lobby');
	const again = await openRoom(node, 'lobby').catch((e: Error) => e);
	if (again !== first) {
		throw new Error(
			\`Opening 'lobby' again \${again instanceof Error ? \`failed (\${again.message})\` : \`gave \${again}, not \${first}\`}. Its name is taken, so the start answers ['error', ['already_started', pid]] with the room that has it: answer that pid.\`
		);
	}
});

test('after a crash, the name leads to the restarted room', async ({ node }) => {
	await startRooms(node);
	const first = await openRoom(node, 'lobby');
	node.exit(first, 'kill');
	await node.settle();
	const lobby = Registry.via('Rooms', 'lobby');
	GenServer.cast(node, lobby, 'still here?');
	const lines = await GenServer.call<string[]>(node, lobby, 'lines');
	if (lines.join() !== 'still here?') throw new Error(\`The restarted lobby holds \${JSON.stringify(lines)}.\`);
});
`;

export const registryLesson = defineLesson({
	slug: 'registry-and-naming',
	title: 'Registry and naming',
	summary: 'A pid changes at every restart; a name does not. Find processes by name.',
	concept: [
		'A restarted process is a new process, with a new pid: whoever kept the old pid now holds a dead one. So callers find a long-lived process by a name, which its supervisor’s restart registers again. `ctx.register("name")`, or the `name` option of a start, gives a process a name on its node; a name belongs to one process at a time.',
		'For processes made on demand (a room per chat, a session per user) a Registry names them by key: `Registry.via("Rooms", id)` is a name for the process registered under `id` in the registry `Rooms`, usable wherever a name is. An entry goes away when its process exits. (In Erlang, plain names are atoms, which are never freed: never make them from user input. A Registry’s keys are data.)',
		'Starting a process under a name that is taken fails with `["error", ["already_started", pid]]`, and `pid` is the process that has it. "Open it, or find it if it is already there" is therefore one call: start, and accept `already_started` as success. There is no gap between looking and starting for another process to slip into.'
	],
	steps: [
		'Press Run. The client opens the lobby once; the second time, the start fails, the client crashes, and soon the tree gives up.',
		'In `rooms.ts`, make `openRoom` answer the pid that `already_started` carries, when the room is already open.',
		'Press Check. Run again, and kill the lobby in the tree: the client still finds it, by its name.'
	],
	files: { 'main.ts': main, 'rooms.ts': rooms, 'lesson.test.ts': checks },
	solution: [
		{
			file: 'rooms.ts',
			find: "result[0] === 'ok') return result[1];\n",
			replace: `result[0] === 'ok') return result[1];
	const reason = result !== 'ignore' && result[1];
	if (Array.isArray(reason) && reason[0] === 'already_started') return reason[1] as Pid;
`
		}
	]
});
