/**
 * Registry: a process that owns a table of unique keys, as Elixir's `Registry` with
 * `keys: :unique`. Lookups read the table directly; `via` names let any API that takes a name
 * reach a process by its key; an entry goes away when its process exits.
 *
 * ```ts
 * await Registry.start(node, { name: 'Rooms' });
 * await GenServer.start(node, Room, 'lobby', { name: Registry.via('Rooms', 'lobby') });
 * Registry.lookup(node, 'Rooms', 'lobby'); // [[pid, undefined]]
 * ```
 */
import { BadargError } from './errors';
import type { GenServerModule } from './gen_server';
import { runServer } from './internal/server_loop';
import { nodeOf, startProcess, type StartResult } from './internal/proc_lib';
import { registerKey, RegistryTable } from './internal/registry_table';
import { viaName } from './internal/via';
import type { Pid } from './pid';
import { processOf } from './process';
import type { Caller, Name, Node, ProcessContext } from './types';

/** The registry process only owns the table; it has nothing to answer. */
const server: GenServerModule<null, Name> = {
	name: 'Registry',
	init(name, ctx) {
		const p = processOf(ctx);
		const table = new RegistryTable(p);
		p.node.registries.set(name, table);
		(p.exitHooks ??= []).push(() => {
			if (p.node.registries.get(name) === table) p.node.registries.delete(name);
		});
		return ['ok', null];
	}
};

function tableOf(node: Node, registry: Name): RegistryTable {
	const table = nodeOf(node).registries.get(registry);
	if (!table) throw new BadargError(`unknown registry: ${registry}`);
	return table;
}

export const Registry = {
	/** Starts a registry process registered under `opts.name`. */
	start(caller: Caller, opts: { name: Name }): Promise<StartResult> {
		return startProcess(
			caller,
			{ link: false, name: opts.name, behaviour: 'registry', module: 'Registry' },
			(ctx, ack) => runServer(ctx, { mod: server }, opts.name, ack)
		);
	},
	/** Registers the calling process under `key`. */
	register(
		ctx: ProcessContext,
		registry: Name,
		key: string,
		value?: unknown
	): ['ok', Pid] | ['error', ['already_registered', Pid]] {
		return registerKey(processOf(ctx), registry, key, value);
	},
	/** `[[pid, value]]` for a registered key, `[]` otherwise. */
	lookup(node: Node, registry: Name, key: string): Array<[Pid, unknown]> {
		const entry = tableOf(node, registry).entries.get(key);
		return entry ? [[entry.proc.self, entry.value]] : [];
	},
	/** Removes the calling process's own entry for `key`. */
	unregister(ctx: ProcessContext, registry: Name, key: string): void {
		const table = tableOf(ctx.node, registry);
		if (table.entries.get(key)?.proc === ctx) table.entries.delete(key);
	},
	/** A name for `key` in `registry`, usable wherever a name is taken. */
	via(registry: Name, key: string): Name {
		return viaName(registry, key);
	}
};
