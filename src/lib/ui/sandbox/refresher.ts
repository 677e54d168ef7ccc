/**
 * Keeps what a page shows of a sandbox (its status, its console) fresh: read once a second while
 * the page is seen, and on request (a batch of its tree's events) — at once when idle, otherwise
 * once more after the read under way and at least `gapMs` after it, since a busy tree sends a
 * batch every frame.
 *
 * ```ts
 * const refresher = new Refresher(() => Promise.all([session.refresh(), output.read(client, id)]));
 * onMount(() => refresher.poll());
 * // <LiveTree onbatch={() => refresher.request()} />
 * ```
 */
export class Refresher {
	readonly #read: () => Promise<unknown>;
	readonly #gapMs: number;
	#reading = false;
	#again = false;

	constructor(read: () => Promise<unknown>, gapMs = 250) {
		this.#read = read;
		this.#gapMs = gapMs;
	}

	async request(): Promise<void> {
		if (this.#reading) {
			this.#again = true;
			return;
		}
		this.#reading = true;
		try {
			// A read that fails is tried again by the next.
			await this.#read().catch(() => {});
			await new Promise((resolve) => setTimeout(resolve, this.#gapMs));
		} finally {
			this.#reading = false;
		}
		if (this.#again) {
			this.#again = false;
			void this.request();
		}
	}

	/** Reads once a second while the page is seen, until the function returned is called. */
	poll(everyMs = 1000): () => void {
		const timer = setInterval(() => {
			if (document.visibilityState === 'visible') void this.request();
		}, everyMs);
		return () => clearInterval(timer);
	}
}
