/**
 * Playwriter's events, on a `Telemetry` of its own (the app's module, after Erlang's
 * `:telemetry`; it imports nothing, so Node can use it as is):
 * - `playwriter.browser.connected` `{ duration }` of the launch or connection,
 *   `{ browserType, mode: 'launch' | 'connect' | 'profile', executablePath | wsEndpoint }`;
 * - `playwriter.browser.navigated` `{ duration }`, `{ url, status }` (status 0: no response);
 * - `playwriter.browser.closed` `{ duration }` the browser was open, `{ browserType, mode }`.
 *
 * @example
 * telemetry.attach('log', ['playwriter.browser.navigated'], (_event, { duration }, { url }) =>
 *   console.log(url, Math.round(duration), 'ms'));
 */
import { Telemetry } from '../../src/lib/arsenal/telemetry.ts';

export { Telemetry };
export type { Handler, Measurements, Metadata } from '../../src/lib/arsenal/telemetry.ts';

export const CONNECTED = 'playwriter.browser.connected';
export const NAVIGATED = 'playwriter.browser.navigated';
export const CLOSED = 'playwriter.browser.closed';

/** Playwriter's telemetry: `attach(id, events, handler)` here, unless a call names another. */
export const telemetry = new Telemetry();
