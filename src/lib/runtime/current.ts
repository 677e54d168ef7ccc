/**
 * The process whose code is running, like `self()` for code that has no context at hand: a
 * sandbox's `console.log` uses it to say which process printed a line.
 *
 * ```ts
 * const Echo: GenServerModule = {
 *   init: () => { console.log(String(currentPid())); return ['ok', null]; } // '<1.7.0>'
 * };
 * ```
 *
 * It is set while a process body or a behaviour callback (`init`, `handle*`, `terminate`,
 * `codeChange`) runs synchronously. After an `await` inside it, the rest runs in a microtask
 * of its own, where this is `undefined`: only the synchronous part is attributed. Outside any
 * process it is `undefined`.
 */
import type { Pid } from './pid';
import { running } from './internal/running';

export function currentPid(): Pid | undefined {
	return running;
}
