declare module 'virtual:sandbox-frame' {
	/** The sandbox frame's inline script (vite/isolated_scripts.ts). */
	export const source: string;
	/** Its CSP hash, `sha256-…`. */
	export const hash: string;
}

declare module 'virtual:sandbox-worker-source' {
	/** The sandbox worker as one classic script, started by the frame from a `blob:` URL. */
	const source: string;
	export default source;
}
