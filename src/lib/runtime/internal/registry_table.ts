/**
 * The key table of a Registry process, like the ETS table behind Elixir's Registry. It lives
 * on the node so that lookups and via names resolve synchronously; an entry goes away when
 * its process exits, and the whole table when the registry does.
 */
import { BadargError } from '../errors';
import type { Pid } from '../pid';
import type { Process } from '../process';
import type { Name } from '../types';

export class RegistryTable {
	readonly entries = new Map<string, { proc: Process; value: unknown }>();
	constructor(readonly owner: Process) {}
}

/** Registers `key` for process `p` in the named registry. */
export function registerKey(
	p: Process,
	registry: Name,
	key: string,
	value: unknown
): ['ok', Pid] | ['error', ['already_registered', Pid]] {
	const table = p.node.registries.get(registry);
	if (!table) throw new BadargError(`unknown registry: ${registry}`);
	const holder = table.entries.get(key);
	if (holder) return ['error', ['already_registered', holder.proc.self]];
	table.entries.set(key, { proc: p, value });
	(p.exitHooks ??= []).push(() => {
		if (table.entries.get(key)?.proc === p) table.entries.delete(key);
	});
	return ['ok', table.owner.self];
}
