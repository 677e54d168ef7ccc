/**
 * The globals a sandbox's code sees, as TypeScript declarations for the editor, which checks
 * sandbox code against the `es2022` lib and these instead of the DOM's. A sandbox runs in a
 * locked-down worker (host/lockdown.ts): no `document`, `window`, `fetch` or storage, so the
 * editor marks them as the errors they are at run time. It is also faster: TypeScript's DOM
 * declarations (2.3 MB) took about 2 s to check in every new editor.
 *
 * `console` is the sandbox's own (host/loader.ts): five levels, each line naming its process.
 */
export const SANDBOX_LIB = ['es2022'];

export const SANDBOX_GLOBALS_DTS = `
type SandboxConsoleMethod = (...data: unknown[]) => void;
/** The sandbox console: each line shows in the console pane with the pid that printed it. */
declare var console: {
	log: SandboxConsoleMethod;
	info: SandboxConsoleMethod;
	warn: SandboxConsoleMethod;
	error: SandboxConsoleMethod;
	debug: SandboxConsoleMethod;
};
declare function setTimeout(handler: (...args: any[]) => void, timeout?: number, ...args: any[]): number;
declare function clearTimeout(id: number | undefined): void;
declare function setInterval(handler: (...args: any[]) => void, timeout?: number, ...args: any[]): number;
declare function clearInterval(id: number | undefined): void;
declare function queueMicrotask(callback: () => void): void;
declare var performance: { now(): number; readonly timeOrigin: number };
declare var crypto: {
	getRandomValues<T extends ArrayBufferView | null>(array: T): T;
	randomUUID(): \`\${string}-\${string}-\${string}-\${string}-\${string}\`;
};
declare class TextEncoder {
	readonly encoding: string;
	encode(input?: string): Uint8Array;
}
declare class TextDecoder {
	constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
	readonly encoding: string;
	decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
`;
