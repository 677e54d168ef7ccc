/**
 * A sandbox's console as the page shows it: the lines read so far (`sandbox_console` with the
 * last seq seen), the newest 500 kept.
 */
import type { ConsoleEntry, SandboxClient } from '$lib/app/sandbox_client';

const KEPT = 500;

export class SandboxConsole {
	lines = $state.raw<ConsoleEntry[]>([]);
	#after = 0;
	#reading = false;

	/** Reads the lines printed since the last read; one read at a time, quiet on failure. */
	async read(client: SandboxClient, id: string): Promise<void> {
		if (this.#reading) return;
		this.#reading = true;
		try {
			const fresh = await client.console(id, this.#after);
			if (fresh.length === 0) return;
			this.#after = fresh[fresh.length - 1].seq;
			this.lines = [...this.lines, ...fresh].slice(-KEPT);
		} catch {
			// The next read tries again.
		} finally {
			this.#reading = false;
		}
	}

	/** Empties the pane; lines printed later still come. */
	clear(): void {
		this.lines = [];
	}
}
