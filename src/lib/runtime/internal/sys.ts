/**
 * System messages, as OTP's `sys` module sends them: read or replace a server's state, read its
 * status, suspend and resume it, change its code, stop it. A server handles them between its
 * callbacks, even while suspended.
 */
import type { GenServerModule } from '../gen_server';
import type { Process } from '../process';
import type { ExitReason } from '../types';
import { thrownReason } from './proc_lib';
import { isTuple, type ModuleBox } from './server_loop';
import { serverStatus } from './status';

/** What a system request does to the server: new state, suspension, the reply, a stop. */
export interface SysReply {
	state: unknown;
	suspended: boolean;
	reply: { ok: unknown } | { error: unknown };
	stop?: ExitReason;
}

type Apply = (state: unknown, box: ModuleBox, suspended: boolean, ctx: Process) => SysReply;

/**
 * The key of a runtime engine's own code change. A symbol no user module can hold, so a
 * learner's GenServer with a `swapModule` property is still changed as a GenServer.
 */
export const swapModule: unique symbol = Symbol('swapModule');

/**
 * A behaviour whose callback module is the runtime's own engine over the user's module (a
 * Supervisor): it changes to a new user module itself, as OTP's supervisor:code_change/3 does.
 */
export interface SwapsModule {
	[swapModule](mod: unknown, state: unknown): ['ok', unknown] | ['error', unknown];
}

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

	/** `sys:get_status`: who the server is, running or suspended, and its formatted state. */
	static getStatus(): SysRequest {
		return new SysRequest('get_status', (state, box, suspended, ctx) => ({
			state,
			suspended,
			reply: { ok: serverStatus(ctx, box.mod, state, suspended) }
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

	/**
	 * `sys:change_code/4`: only while suspended, as OTP. A GenServer runs the new module's
	 * `codeChange(oldVsn, state, extra)` (none: the state is kept) and, on `['ok', state]`,
	 * carries on with the new module and that state. A Supervisor re-reads its spec from the new
	 * module. Any failure answers an error and changes nothing.
	 */
	static changeCode(mod: unknown, oldVsn: string | undefined, extra: unknown): SysRequest {
		return new SysRequest('change_code', (state, box, suspended, ctx) => {
			const keep = (error: unknown): SysReply => ({ state, suspended, reply: { error } });
			if (!suspended) return keep('not_suspended');
			if (!isModule(mod)) return keep(['bad_module', mod]);
			const engine = box.mod as Partial<SwapsModule>;
			let result: ['ok', unknown] | ['error', unknown];
			const swap = engine[swapModule];
			if (typeof swap === 'function') {
				result = swap.call(engine, mod, state);
			} else if (ctx.behaviour !== 'gen_server') {
				return keep(['not_supported', ctx.behaviour]);
			} else {
				result = genServerCodeChange(mod, state, oldVsn, extra);
				if (result[0] === 'ok') box.mod = mod;
			}
			if (result[0] === 'error') return keep(result[1]);
			ctx.module = mod.name;
			return { state: result[1], suspended, reply: { ok: 'ok' } };
		});
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

/** The new module's codeChange, as gen_server's system_code_change: a missing one keeps the state. */
function genServerCodeChange(
	mod: GenServerModule,
	state: unknown,
	oldVsn: string | undefined,
	extra: unknown
): ['ok', unknown] | ['error', unknown] {
	if (typeof mod.codeChange !== 'function') return ['ok', state];
	let answer: unknown;
	try {
		answer = mod.codeChange(oldVsn, state, extra);
	} catch (thrown) {
		return ['error', thrownReason(thrown)];
	}
	return isTuple(answer, 'ok', 2) ? ['ok', answer[1]] : ['error', ['bad_return_value', answer]];
}

/** A GenServer or Supervisor module: an object with an `init` function. */
function isModule(mod: unknown): mod is GenServerModule {
	return (
		typeof mod === 'object' &&
		mod !== null &&
		typeof (mod as { init?: unknown }).init === 'function'
	);
}
