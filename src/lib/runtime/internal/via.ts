/**
 * Names that point into a Registry (`Registry.via(registry, key)`): a plain string, so it goes
 * wherever a `Name` does, and reads like Elixir's `{:via, Registry, {registry, key}}`.
 */
const prefix = '{via,Registry,';

export function viaName(registry: string, key: string): string {
	return `${prefix}${JSON.stringify(registry)},${JSON.stringify(key)}}`;
}

/** The registry and key of a via name, or undefined for an ordinary name. */
export function parseVia(name: string): { registry: string; key: string } | undefined {
	if (!name.startsWith(prefix)) return undefined;
	try {
		const parsed: unknown = JSON.parse(`[${name.slice(prefix.length, -1)}]`);
		if (Array.isArray(parsed) && parsed.length === 2) {
			const [registry, key] = parsed as unknown[];
			if (typeof registry === 'string' && typeof key === 'string') return { registry, key };
		}
	} catch {
		// not a via name after all
	}
	return undefined;
}
