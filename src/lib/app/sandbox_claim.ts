/**
 * One tab edits a sandbox at a time: each autosave writes the whole file set, so two tabs would
 * overwrite each other silently. The editor holds a Web Lock named after the sandbox while it is
 * open; a second tab finds it held and says so. Taking over steals the lock, and the tab that
 * held it hears that it lost it (and stops saving). The browser frees the lock of a closed tab.
 *
 * ```ts
 * const claim = new SandboxClaim('demo', () => (phase = 'elsewhere'));
 * if (!(await claim.acquire())) showOpenElsewhere(); // …later: await claim.steal()
 * claim.release(); // the editor closes
 * ```
 */

/** The part of the Web Locks API a claim uses (`navigator.locks`). */
export type Locks = Pick<LockManager, 'request'>;

/**
 * How long opening waits for the lock: a tab being reloaded or closed frees it a moment after
 * the next page starts, and that page must not be told the sandbox is open elsewhere.
 */
const GRACE_MS = 1_000;

export class SandboxClaim {
	readonly #name: string;
	readonly #onlost: () => void;
	readonly #locks: Locks | undefined;
	#release: (() => void) | null = null;
	/** Set by release (the editor closed): a lock granted after it is let go at once. */
	#closed = false;

	constructor(
		id: string,
		onlost: () => void,
		locks: Locks | undefined = globalThis.navigator?.locks
	) {
		this.#name = `superlearner:sandbox:${id}`;
		this.#onlost = onlost;
		this.#locks = locks;
	}

	get held(): boolean {
		return this.#release !== null;
	}

	/** Takes the lock unless another tab holds it (for more than a moment): whether this tab holds it now. */
	acquire(): Promise<boolean> {
		return this.#hold({ signal: AbortSignal.timeout(GRACE_MS) });
	}

	/** Takes the lock from the tab that holds it, which hears it lost it. */
	async steal(): Promise<void> {
		await this.#hold({ steal: true });
	}

	release(): void {
		this.#closed = true;
		const release = this.#release;
		this.#release = null;
		release?.();
	}

	#hold(options: LockOptions): Promise<boolean> {
		// Without Web Locks (an old browser), every tab edits as before.
		if (!this.#locks) return Promise.resolve(true);
		if (this.#release) return Promise.resolve(true);
		return new Promise((resolve) => {
			this.#locks!.request(this.#name, options, (lock) => {
				// Granted after the editor closed (a request still waiting then): not kept, or the
				// next editor of this sandbox in this tab would find it held.
				if (!lock || this.#closed) return resolve(false);
				resolve(true);
				// Held until released, or stolen (then the request rejects).
				return new Promise<void>((release) => (this.#release = release));
			}).catch(() => {
				if (!this.#release) return resolve(false);
				this.#release = null;
				this.#onlost();
			});
		});
	}
}
