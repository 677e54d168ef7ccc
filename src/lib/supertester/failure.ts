/**
 * What a Supertester assertion throws when it does not hold: an error whose message says what
 * was expected and what was found, in that order, with values printed as the console prints
 * them (see inspect.ts).
 *
 * ```ts
 * throw new AssertionFailure('assertChildCount', `expected 3 children of <0.4.0>, found 2`, 3, 2);
 * ```
 */
export class AssertionFailure extends Error {
	override readonly name = 'AssertionFailure';

	constructor(
		/** The assertion's name, as exported (`assertProcessAlive`, `expect.toBe`). */
		readonly assertion: string,
		message: string,
		readonly expected?: unknown,
		readonly actual?: unknown
	) {
		super(message);
	}
}

/** Whether `error` is an assertion that did not hold (rather than code that threw). */
export function isAssertionFailure(error: unknown): error is AssertionFailure {
	return error instanceof AssertionFailure;
}
