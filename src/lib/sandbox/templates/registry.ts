import type { Template } from './template';

const greeter = `import { type GenServerModule } from 'superlearner';

/** Answers 'hello' with a greeting; registered in the Names registry under its name. */
export const Greeter: GenServerModule<{ name: string; greeted: number }, string> = {
	name: 'Greeter',
	init: (name) => ['ok', { name, greeted: 0 }],
	handleCall(request, _from, state) {
		if (request !== 'hello') return ['reply', ['error', 'unknown_call'], state];
		const greeted = state.greeted + 1;
		return ['reply', \`hello from \${state.name} (#\${greeted})\`, { ...state, greeted }];
	}
};
`;

const main = `import { GenServer, Registry, type ChildSpec, type SupervisorModule } from 'superlearner';
import { Greeter } from './greeter';

const NAMES = 'Names';

/** The Registry as a supervised child: started, then linked to its supervisor. */
const registry: ChildSpec = {
	id: 'registry',
	start: async (sup) => {
		const result = await Registry.start(sup, { name: NAMES });
		if (result !== 'ignore' && result[0] === 'ok') sup.link(result[1]);
		return result;
	},
	modules: ['Registry']
};

/** A greeter named through the registry: callers find it by key, whatever its pid. */
function greeter(name: string): ChildSpec {
	return {
		id: name,
		start: (sup) => GenServer.startLink(sup, Greeter, name, { name: Registry.via(NAMES, name) }),
		modules: ['Greeter']
	};
}

/** Says hello to alice every 2 s by her registered name. */
const Caller = GenServer.childSpec(
	{
		name: 'Caller',
		init(_args, ctx) {
			const self = ctx.self;
			ctx.spawnLink(async (t) => {
				for (;;) {
					await t.sleep(2000);
					t.send(self, 'call');
				}
			});
			return ['ok', null];
		},
		async handleInfo(_message, state, ctx) {
			console.log(await GenServer.call<string>(ctx, Registry.via(NAMES, 'alice'), 'hello'));
			return ['noreply', state];
		}
	},
	undefined,
	{ id: 'caller' }
);

const App: SupervisorModule = {
	name: 'App',
	init: () => ['ok', { strategy: 'rest_for_one' }, [registry, greeter('alice'), greeter('bob'), Caller]]
};

export default App;
`;

const registryTest = `import { Registry } from 'superlearner';
import { expect, test, setupIsolatedSupervisor } from 'superlearner/test';
import App from './main';

test('a greeter is found by its name in the registry', async ({ node }) => {
	await setupIsolatedSupervisor(node, App);
	expect(await node.call(Registry.via('Names', 'bob'), 'hello')).toBe('hello from bob (#1)');
});
`;

export const registryTemplate: Template = {
	id: 'registry',
	title: 'Registry-named workers',
	description: 'Workers registered by key in a Registry and called by name, whatever their pid.',
	files: { 'main.ts': main, 'greeter.ts': greeter, 'greeter.test.ts': registryTest },
	entry: 'main.ts'
};
