/** Wrong use of the command (unknown option, missing folder…): its message, and exit code 2. */
export class UsageError extends Error {
	override name = 'UsageError';

	/** `command`: the command whose `--help` tells how to use it. */
	constructor(
		message: string,
		readonly command?: string
	) {
		super(message);
	}
}

/** Exit codes: 0 all went well, 1 the program or a test failed, 2 the command was misused. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;
