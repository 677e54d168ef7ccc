/** A sandbox's file paths as its tabs list them: the entry first, then the others by name. */
export function fileOrder(files: Readonly<Record<string, string>>, entry: string): string[] {
	return Object.keys(files).sort(
		(a, b) => Number(b === entry) - Number(a === entry) || a.localeCompare(b)
	);
}
