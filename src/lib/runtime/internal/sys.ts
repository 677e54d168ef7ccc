/**
 * System messages, as OTP's `sys` module sends them: read or replace a server's state, suspend
 * and resume it, stop it. A server handles them between its callbacks, even while suspended.
 */
import type { ExitReason } from '../types';
import type { ModuleBox } from './server_loop';

/** What a system request does to the server: new state, suspension, the reply, a stop. */
export interface SysReply {
	state: unknown;
	suspended: boolean;
	reply: { ok: unknown } | { error: unknown };
	stop?: ExitReason;
}

type Apply = (state: unknown, box: ModuleBox, suspended: boolean) => SysReply;

export class SysRequest {
	private constructor(
		readonly kind: string,
		readonly apply: Apply
	) {}

	static getState(): SysRequest {
		return new SysRequest('get_state', (state, _box, suspended) => ({
			state,
			suspended,
			reply: { ok: state }
		}));
	}

	static replaceState(fn: (s: unknown) => unknown): SysRequest {
		return new SysRequest('replace_state', (state, _box, suspended) => {
			try {
				const next = fn(state);
				return { state: next, suspended, reply: { ok: next } };
			} catch (error) {
				// As :sys.replace_state: a failing function leaves the state as it was.
				return { state, suspended, reply: { error } };
			}
		});
	}

	static suspend(): SysRequest {
		return new SysRequest('suspend', (state) => ({ state, suspended: true, reply: { ok: 'ok' } }));
	}

	static resume(): SysRequest {
		return new SysRequest('resume', (state) => ({ state, suspended: false, reply: { ok: 'ok' } }));
	}

	static terminate(reason: ExitReason): SysRequest {
		return new SysRequest('terminate', (state, _box, suspended) => ({
			state,
			suspended,
			reply: { ok: 'ok' },
			stop: reason
		}));
	}
}
