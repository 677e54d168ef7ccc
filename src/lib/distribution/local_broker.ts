/**
 * A cluster in one thread, for tests and benchmarks: it connects the distributions added to
 * it over MessageChannels, cuts and heals partitions, and waits for the whole cluster to be
 * quiet. The app's broker is the system node's cluster manager, which does the same for nodes
 * in workers.
 *
 * ```ts
 * const cluster = new LocalBroker();
 * const a = cluster.add(createNode({ name: 'a@sim', number: 1, clock: 'virtual' }));
 * await cluster.settle();
 * ```
 */
import type { Node } from '$lib/runtime';
import { nodeNumber } from '$lib/runtime/host';
import { Distribution, type Broker, type DistributionOptions } from './distribution';

/** The longest step of `advance`: well under net_ticktime's quarter. */
const STEP_MS = 1000;

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export class LocalBroker implements Broker {
	readonly #nodes = new Map<string, Distribution>();
	/** Pairs that may not connect (a partition), each with whether it was connected when cut. */
	readonly #cut = new Map<string, boolean>();
	readonly #connected = new Set<string>();
	/** One-way cuts as [from, to]. */
	#oneWay: Array<[string, string]> = [];

	/** Starts distribution on `node` and makes it part of this cluster. */
	add(node: Node, opts: Omit<DistributionOptions, 'node' | 'broker'> = {}): Distribution {
		const dist = new Distribution({ ...opts, node, broker: this });
		this.#nodes.set(node.name, dist);
		return dist;
	}

	get(name: string): Distribution | undefined {
		return this.#nodes.get(name);
	}

	request(self: string, peer: string | number): void {
		const from = this.#nodes.get(self);
		const to = typeof peer === 'string' ? this.#nodes.get(peer) : this.#byNumber(peer);
		// Answered in a later turn, as a broker in another thread would.
		queueMicrotask(() => {
			if (!from) return;
			if (!to || to === from || this.#cut.has(pairKey(self, to.name))) from.refused(peer);
			else this.#connect(from, to);
		});
	}

	disconnected(self: string, peer: string): void {
		this.#connected.delete(pairKey(self, peer));
	}

	/** Splits the cluster: no connection between nodes of different sides until `heal`. */
	partition(sides: string[][]): void {
		for (let i = 0; i < sides.length; i++) {
			for (let j = i + 1; j < sides.length; j++) {
				for (const a of sides[i]) for (const b of sides[j]) this.#cutPair(a, b);
			}
		}
	}

	/** Everything `from` sends to `to` is lost; the other direction still flows. */
	partitionOneWay(from: string, to: string): void {
		this.#nodes.get(from)?.setLink(to, { blocked: true });
		this.#oneWay.push([from, to]);
	}

	/** Ends every partition and connects again the pairs it cut. */
	heal(): void {
		const reconnect = [...this.#cut].filter(([, was]) => was).map(([key]) => key);
		this.#cut.clear();
		for (const [from, to] of this.#oneWay) this.#nodes.get(from)?.setLink(to, { blocked: false });
		this.#oneWay = [];
		for (const key of reconnect) {
			const [a, b] = key.split('|').map((n) => this.#nodes.get(n));
			if (a && b) this.#connect(a, b);
		}
	}

	/**
	 * Resolves once every node is idle and every batch posted has arrived: what was sent has
	 * been delivered and handled everywhere. Timers do not hold it back (advance them).
	 */
	async settle(): Promise<void> {
		for (let round = 0; round < 1000; round++) {
			for (const dist of this.#nodes.values()) await dist.node.settle();
			await new Promise((resolve) => setTimeout(resolve, 0));
			if (this.#quiet()) {
				for (const dist of this.#nodes.values()) await dist.node.settle();
				if (this.#quiet()) return;
			}
		}
		throw new Error('the cluster did not settle in 1,000 rounds');
	}

	/**
	 * Moves every node's virtual clock by `ms`, in steps of at most a second so that the nodes'
	 * clocks keep together (what one sends in a step arrives in that step), settling after each.
	 */
	async advance(ms: number): Promise<void> {
		for (let left = ms; left > 0; left -= STEP_MS) {
			for (const dist of this.#nodes.values()) await dist.node.advance(Math.min(left, STEP_MS));
			await this.settle();
		}
	}

	/** Every node's connections closed (the ports would keep a test's thread alive). */
	close(): void {
		for (const dist of this.#nodes.values()) dist.close();
		this.#nodes.clear();
	}

	#quiet(): boolean {
		let out = 0;
		let inn = 0;
		for (const dist of this.#nodes.values()) {
			const t = dist.traffic();
			out += t.out;
			inn += t.in;
		}
		return out === inn;
	}

	#cutPair(a: string, b: string): void {
		const key = pairKey(a, b);
		if (!this.#cut.has(key)) this.#cut.set(key, this.#connected.has(key));
		this.#nodes.get(a)?.disconnect(b, 'partition');
		this.#nodes.get(b)?.disconnect(a, 'partition');
	}

	#connect(a: Distribution, b: Distribution): void {
		const key = pairKey(a.name, b.name);
		if (this.#connected.has(key)) return;
		this.#connected.add(key);
		const { port1, port2 } = new MessageChannel();
		a.attach({ name: b.name, number: b.number }, port1);
		b.attach({ name: a.name, number: a.number }, port2);
	}

	#byNumber(number: number): Distribution | undefined {
		for (const dist of this.#nodes.values()) if (nodeNumber(dist.node) === number) return dist;
		return undefined;
	}
}
