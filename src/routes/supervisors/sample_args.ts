/**
 * A first value for a module's start argument, from the JSON schema `list_modules` gives, so
 * the start-child form opens with something that validates: defaults where the schema has them,
 * the smallest allowed number, a name that is new each time.
 */
type Schema = Record<string, unknown>;

export function sampleArgs(schema: Schema, n: number): unknown {
	if ('default' in schema) return schema.default;
	const type = Array.isArray(schema.type) ? (schema.type as unknown[])[0] : schema.type;
	switch (type) {
		case 'object': {
			const props = (schema.properties ?? {}) as Record<string, Schema>;
			return Object.fromEntries(Object.entries(props).map(([k, s]) => [k, sampleArgs(s, n)]));
		}
		case 'integer':
		case 'number':
			return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 0) : 0;
		case 'string':
			return `new-${n}`;
		case 'boolean':
			return false;
		case 'array':
			return [];
		default:
			return null;
	}
}
