/**
 * One user action's state, for the forms that run Arsenal operations: whether it is running,
 * and what came of it (a sentence, or the error's message with its code).
 */
export class Action {
	busy = $state(false);
	outcome = $state<{ ok: boolean; text: string } | null>(null);

	/** Runs `fn`; its result is the sentence shown on success. Never rejects. */
	async run(fn: () => Promise<string>): Promise<boolean> {
		this.busy = true;
		this.outcome = null;
		try {
			this.outcome = { ok: true, text: await fn() };
			return true;
		} catch (error) {
			const code = (error as { code?: unknown } | null)?.code;
			const message = error instanceof Error ? error.message : String(error);
			this.outcome = {
				ok: false,
				text: typeof code === 'string' ? `${message} (${code})` : message
			};
			return false;
		} finally {
			this.busy = false;
		}
	}
}
