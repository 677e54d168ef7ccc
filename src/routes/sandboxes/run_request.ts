/**
 * "Create and run" hands the new sandbox to its editor, which opens at once and starts it there,
 * showing each step. The request lives in this tab's memory only: a reload of the editor later
 * never runs the sandbox again by itself.
 */
const requested = new Set<string>();

export function requestRun(id: string): void {
	requested.add(id);
}

/** Whether a run of `id` was requested; the request is used up. */
export function takeRunRequest(id: string): boolean {
	return requested.delete(id);
}
