/**
 * The sandbox's memory budget, as far as a worker can see its own memory. The browser gives a
 * worker no reading of its heap (no `performance.memory`, and `measureUserAgentSpecificMemory`
 * needs cross-origin isolation the sandbox frame cannot have), and an out-of-memory crash of a
 * sandbox worker takes the whole tab down with it (TOOLCHAIN.md §12). So the sandbox host counts
 * what it can, and ends the sandbox before that passes the budget:
 *
 * - **ArrayBuffer memory**, which lives outside V8's heap limit: every buffer made through a
 *   constructor, a typed-array method or `TextEncoder` is counted when it is made and uncounted
 *   when it is collected (FinalizationRegistry); an allocation that would pass the budget
 *   throws a RangeError in the learner's code and ends the sandbox.
 * - **Process memory**: each process's state and mailbox, estimated (`processInfo().memory`).
 *
 * Objects and strings held only in a module's variables or a closure are not counted: no
 * browser API sees them.
 *
 * ```ts
 * const meter = new MemoryMeter(256 * 2 ** 20, (why) => report(why));
 * meterBuffers(globalThis, meter); // before any learner code runs
 * ```
 */

export class MemoryMeter {
	/** Bytes in ArrayBuffers made since metering began and not yet collected. */
	#bufferBytes = 0;
	readonly #counted = new WeakMap<ArrayBufferLike, { bytes: number }>();
	readonly #collected = new FinalizationRegistry<{ bytes: number }>(({ bytes }) => {
		this.#bufferBytes -= bytes;
	});
	#exceeded = false;

	constructor(
		/** In bytes. */
		public budget: number,
		/** Called once, the first time the budget is passed. */
		private readonly onExceeded: (why: string) => void
	) {}

	get bufferBytes(): number {
		return this.#bufferBytes;
	}

	/**
	 * Throws (and reports) when `bytes` more in buffers would pass the budget: called before an
	 * allocation, so that a single huge one never happens.
	 */
	reserve(bytes: number, otherBytes = 0): void {
		if (!Number.isFinite(bytes) || bytes <= 0) return;
		const total = this.#bufferBytes + bytes + otherBytes;
		if (total <= this.budget) return;
		const why = `an allocation of ${formatBytes(bytes)} would bring its ArrayBuffers to ${formatBytes(total)} (budget ${formatBytes(this.budget)})`;
		this.exceed(why);
		throw new RangeError(`Sandbox memory budget exceeded: ${why}.`);
	}

	/** Counts `buffer` (once, at the most it can grow to) until it is collected. */
	count(buffer: ArrayBufferLike): void {
		if (this.#counted.has(buffer)) return;
		const token = { bytes: Math.max(buffer.byteLength, (buffer as ArrayBuffer).maxByteLength) };
		this.#counted.set(buffer, token);
		this.#bufferBytes += token.bytes;
		this.#collected.register(buffer, token);
	}

	/** Stops counting `buffer`: it was detached (its memory moved to a new buffer, counted apart). */
	release(buffer: ArrayBufferLike): void {
		const token = this.#counted.get(buffer);
		if (!token) return;
		this.#bufferBytes -= token.bytes;
		token.bytes = 0;
	}

	/** Checks the budget against buffers plus `processBytes`; reports the first time it is passed. */
	check(processBytes: number, largest?: { pid: string; bytes: number }): boolean {
		const total = this.#bufferBytes + processBytes;
		if (total <= this.budget) return true;
		const parts = [`${formatBytes(this.#bufferBytes)} in ArrayBuffers`];
		parts.push(`${formatBytes(processBytes)} in process states and mailboxes`);
		if (largest) parts.push(`the largest ${largest.pid} with ${formatBytes(largest.bytes)}`);
		this.exceed(
			`it held about ${formatBytes(total)} (budget ${formatBytes(this.budget)}): ${parts.join(', ')}`
		);
		return false;
	}

	exceed(why: string): void {
		if (this.#exceeded) return;
		this.#exceeded = true;
		this.onExceeded(why);
	}
}

export function formatBytes(bytes: number): string {
	if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`;
	if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MB`;
	if (bytes >= 2 ** 10) return `${Math.round(bytes / 2 ** 10)} KB`;
	return `${bytes} B`;
}

/** The typed-array constructors (metered here, hardened in harden.ts). */
export const TYPED_ARRAYS = [
	'Int8Array',
	'Uint8Array',
	'Uint8ClampedArray',
	'Int16Array',
	'Uint16Array',
	'Int32Array',
	'Uint32Array',
	'Float16Array',
	'Float32Array',
	'Float64Array',
	'BigInt64Array',
	'BigUint64Array'
] as const;

/** Typed-array and buffer methods that return a new buffer (or a view of one). */
const MAKERS = ['slice', 'map', 'filter', 'toReversed', 'toSorted', 'with'];
/** Buffer methods that move the memory to a new buffer and detach this one. */
const MOVERS = ['transfer', 'transferToFixedLength'];

type Ctor = (new (...args: unknown[]) => object) & { prototype: object };

/**
 * Counts every ArrayBuffer made in `scope` from now on against `meter`: the buffer and
 * typed-array constructors become proxies that reserve the bytes first and count the buffer
 * after; methods that make a new buffer count it; `TextEncoder.encode` too. Run it before
 * learner code, and before the prototypes are frozen.
 */
export function meterBuffers(scope: typeof globalThis, meter: MemoryMeter): void {
	const { ArrayBuffer: RealArrayBuffer } = scope;
	const isView = RealArrayBuffer.isView.bind(RealArrayBuffer);
	const bufferOf = (value: unknown): ArrayBufferLike | undefined =>
		value instanceof RealArrayBuffer ? value : isView(value) ? value.buffer : undefined;
	const countResult = (value: unknown) => {
		const buffer = bufferOf(value);
		if (buffer) meter.count(buffer);
		return value;
	};
	const global = scope as unknown as Record<string, Ctor | undefined>;
	const meterConstructor = (name: string, bytesOf: (args: unknown[]) => number) => {
		const target = global[name];
		if (!target) return;
		const metered: Ctor = new Proxy(target, {
			construct(ctor, args: unknown[], newTarget: Ctor): object {
				meter.reserve(bytesOf(args));
				// A subclass's newTarget is its own; ours stands for the original.
				const made: object = Reflect.construct(
					ctor,
					args,
					newTarget === metered ? ctor : newTarget
				);
				return countResult(made) as object;
			}
		});
		Object.defineProperty(target.prototype, 'constructor', {
			value: metered,
			writable: true,
			configurable: true,
			enumerable: false
		});
		Object.defineProperty(scope, name, {
			value: metered,
			writable: true,
			configurable: true,
			enumerable: false
		});
		for (const method of MAKERS) wrapMethod(target.prototype, method, countResult);
		for (const method of MOVERS) {
			wrapMethod(target.prototype, method, countResult, (self) =>
				meter.release(self as ArrayBuffer)
			);
		}
	};
	meterConstructor('ArrayBuffer', ([length, options]) =>
		Math.max(
			Number(length) || 0,
			Number((options as { maxByteLength?: unknown })?.maxByteLength) || 0
		)
	);
	for (const name of TYPED_ARRAYS) {
		const bytesPerElement = (global[name] as { BYTES_PER_ELEMENT?: number } | undefined)
			?.BYTES_PER_ELEMENT;
		if (!bytesPerElement) continue;
		meterConstructor(name, ([source]) => {
			if (typeof source === 'number') return source * bytesPerElement;
			if (source instanceof RealArrayBuffer) return 0; // a view of an existing buffer
			const length = (source as { length?: unknown } | null)?.length;
			return typeof length === 'number' ? length * bytesPerElement : 0;
		});
	}
	const typedArrayPrototype = Object.getPrototypeOf(scope.Uint8Array.prototype) as object;
	for (const method of MAKERS) wrapMethod(typedArrayPrototype, method, countResult);
	const encoder = (scope as { TextEncoder?: { prototype: object } }).TextEncoder;
	if (encoder) wrapMethod(encoder.prototype, 'encode', countResult);
}

function wrapMethod(
	target: object,
	name: string,
	after: (result: unknown) => unknown,
	onSelf: (self: unknown) => void = () => {}
): void {
	const original = Object.getOwnPropertyDescriptor(target, name)?.value as
		((...args: unknown[]) => unknown) | undefined;
	if (typeof original !== 'function') return;
	Object.defineProperty(target, name, {
		value: {
			[name](this: unknown, ...args: unknown[]) {
				const result = Reflect.apply(original, this, args);
				onSelf(this);
				return after(result);
			}
		}[name],
		writable: true,
		configurable: true,
		enumerable: false
	});
}
