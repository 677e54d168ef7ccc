/** A starting point for a sandbox: its files and the file whose default export is the root. */
export interface Template {
	id: string;
	title: string;
	description: string;
	/** Paths relative to the sandbox root, such as `main.ts`. */
	files: Record<string, string>;
	entry: string;
}
