/**
 * What the system node knows of a sandbox node without asking it: the last process snapshot
 * its worker sent, and the restarts seen in its trace batches. It stands in for the sandbox's
 * `Node` where Arsenal only reads (listing processes, health, the process graph), so that a
 * sandbox's processes show up beside the system's with their node. Anything that acts on a
 * sandbox process is forwarded to the sandbox worker instead (see `remoteTarget` in arsenal/context.ts); the
 * acting methods here refuse, so that a missed forward is an error rather than a silent no-op.
 */
import type { ExitReason, Node, Pid, ProcessInfo, TraceEvent } from '$lib/runtime';
import { Pid as PidValue } from '$lib/runtime/host';
import type { EventBatch } from '$lib/stream/events';
import type { ProcessInfoWire } from '$lib/sandbox/protocol';
import { RestartTally } from './restart_tally';

export class SandboxMirror implements Node {
	readonly #pids = new Map<number, Pid>();
	/** Other nodes' pids its processes link to, interned by their text. */
	readonly #remotePids = new Map<string, Pid>();
	#infos = new Map<Pid, ProcessInfo>();
	#live = new Set<Pid>();
	#names = new Map<string, Pid>();
	/** The pieces of a snapshot so far, until its last piece. */
	#arriving: { infos: Map<Pid, ProcessInfo>; names: Map<string, Pid> } | undefined;
	/** The restarts seen in the trace, for "restarts in the last minute". */
	readonly #restarts = new RestartTally();
	/** The sandbox clock at the last batch, and this side's clock then: now() extrapolates. */
	#clockAt = 0;
	#receivedAt = performance.now();

	constructor(
		readonly name: string,
		readonly number: number
	) {}

	/** Restarts since the node started, as its worker last counted them. */
	restarts = 0;

	/** The live pids, oldest first. */
	get live(): ReadonlySet<Pid> {
		return this.#live;
	}

	/**
	 * Takes a snapshot of every live process, or a piece of one (`more`: pieces follow). The
	 * processes of a snapshot in pieces show once its last piece is in.
	 */
	update(rows: readonly ProcessInfoWire[], restarts: number, more = false): void {
		this.restarts = restarts;
		const next = (this.#arriving ??= {
			infos: new Map<Pid, ProcessInfo>(),
			names: new Map<string, Pid>()
		});
		for (const row of rows) {
			const info = this.#toInfo(row);
			next.infos.set(info.pid, info);
			if (info.name !== undefined) next.names.set(info.name, info.pid);
		}
		if (more) return;
		this.#arriving = undefined;
		this.#infos = next.infos;
		this.#live = new Set(next.infos.keys());
		this.#names = next.names;
	}

	/** Notes a trace batch's clock and restarts. */
	observe(batch: EventBatch): void {
		this.#clockAt = batch.now;
		this.#receivedAt = performance.now();
		for (const e of batch.events) if (e.type === 'restart') this.#restarts.add(e.at, e.count ?? 1);
	}

	/** Forgets every process: the worker is gone. */
	clear(): void {
		this.#arriving = undefined;
		this.#infos = new Map();
		this.#live = new Set();
		this.#names = new Map();
	}

	restartsSince(since: number): number {
		return this.#restarts.since(since);
	}

	/** The pid `<number.id.0>` names, interned so that pids compare with `===`. */
	pid(id: number): Pid {
		let pid = this.#pids.get(id);
		if (!pid) this.#pids.set(id, (pid = new PidValue(this.number, id)));
		return pid;
	}

	/** The live pid with this id, if any. */
	livePid(id: number): Pid | undefined {
		const pid = this.#pids.get(id);
		return pid && this.#infos.has(pid) ? pid : undefined;
	}

	/** A pid of this node, or of another one (a cluster node's processes link across nodes). */
	#pidOf(text: string): Pid {
		const m = /^<(\d+)\.(\d+)\.0>$/.exec(text);
		if (!m) throw new Error(`not a pid: ${text}`);
		const [number, id] = [Number(m[1]), Number(m[2])];
		if (number === this.number) return this.pid(id);
		let pid = this.#remotePids.get(text);
		if (!pid) this.#remotePids.set(text, (pid = new PidValue(number, id)));
		return pid;
	}

	#toInfo(row: ProcessInfoWire): ProcessInfo {
		const { pid, links, monitors: _refs, monitoredBy, parent, ...rest } = row;
		return {
			...rest,
			pid: this.#pidOf(pid),
			links: links.map((p) => this.#pidOf(p)),
			// Refs do not cross; the count is what the pages show.
			monitors: [],
			monitoredBy: monitoredBy.map((p) => this.#pidOf(p)),
			...(parent !== undefined && { parent: this.#pidOf(parent) })
		};
	}

	whereis(name: string): Pid | undefined {
		return this.#names.get(name);
	}

	isAlive(pid: Pid): boolean {
		return this.#infos.has(pid);
	}

	processes(): Pid[] {
		return [...this.#infos.keys()];
	}

	processInfo(pid: Pid): ProcessInfo | undefined {
		return this.#infos.get(pid);
	}

	now(): number {
		return this.#clockAt + (performance.now() - this.#receivedAt);
	}

	onTrace(_listener: (e: TraceEvent) => void): () => void {
		return () => {};
	}

	spawn(): Pid {
		return this.#remote('spawn');
	}
	send(): void {
		this.#remote('send');
	}
	exit(_pid: Pid, _reason: ExitReason): void {
		this.#remote('exit');
	}
	call<R>(): Promise<R> {
		return Promise.reject(new Error(this.#refusal('call')));
	}
	cast(): void {
		this.#remote('cast');
	}
	settle(): Promise<void> {
		return Promise.resolve();
	}
	advance(): Promise<void> {
		return Promise.reject(new Error(this.#refusal('advance')));
	}
	shutdown(): Promise<void> {
		this.clear();
		return Promise.resolve();
	}

	#refusal(what: string): string {
		return `${this.name} runs in its own worker: ${what} goes through the sandbox, not its mirror`;
	}

	#remote(what: string): never {
		throw new Error(this.#refusal(what));
	}
}
