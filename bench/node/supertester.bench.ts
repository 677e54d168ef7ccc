// Supertester's figure: what `castAndSync` costs a test, a cast and then `:sys.get_state` from
// the node, on the real clock with no telemetry handler attached; and the same round trip through
// the runtime alone, for what the helper adds. Run through `npm run bench -- --node-only supertester`.
import {
	createNode,
	GenServer,
	type GenServerModule,
	type Node,
	type Pid
} from '../../src/lib/runtime/index.ts';
import { castAndSync } from '../../src/lib/supertester/sync.ts';
import { atMost, medianOf, Report, REPS } from './kit.ts';

/** Round trips per repetition: about 0.2 s each at the goal's rate. */
const ROUND_TRIPS = 50_000;

const counter: GenServerModule<number> = {
	name: 'Counter',
	init: () => ['ok', 0],
	handleCast: (_message, n) => ['noreply', n + 1]
};

/** One round trip: a cast, then a read that resolves once the cast has been handled. */
type RoundTrip = (node: Node, server: Pid) => Promise<unknown>;

const viaSupertester: RoundTrip = (node, server) => castAndSync(node, server, 'inc');

const viaRuntime: RoundTrip = (node, server) => {
	GenServer.cast(node, server, 'inc');
	return GenServer.getState(node, server);
};

/** `n` round trips in a row to a fresh counter; µs each. Checks that every cast was handled. */
async function roundTrips(n: number, roundTrip: RoundTrip): Promise<number> {
	const node = createNode({ clock: 'real' });
	const started = await GenServer.start(node, counter);
	if (started === 'ignore' || started[0] !== 'ok')
		throw new Error(`GenServer.start gave ${JSON.stringify(started)}`);
	const server = started[1];
	const t0 = performance.now();
	for (let i = 0; i < n; i++) await roundTrip(node, server);
	const perCall = ((performance.now() - t0) * 1000) / n;
	const count = await GenServer.getState<number>(node, server);
	if (count !== n) throw new Error(`the counter handled ${count} of ${n} casts`);
	await node.shutdown();
	return perCall;
}

const report = new Report('supertester');
await report.figure('castAndSync round trip', 'µs', atMost(5, '≤ 5 µs'), async () => ({
	value: await medianOf(REPS, () => roundTrips(ROUND_TRIPS, viaSupertester)),
	n: ROUND_TRIPS
}));
await report.figure('cast + GenServer.getState, runtime only', 'µs', undefined, async () => ({
	value: await medianOf(REPS, () => roundTrips(ROUND_TRIPS, viaRuntime)),
	n: ROUND_TRIPS
}));
report.finish();
