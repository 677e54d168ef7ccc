/**
 * The observer's Arsenal client over the app's runtime worker: each call goes to
 * `execute(name, params)` of the runtime that runs at that moment (a retried runtime is a new
 * worker), and fails with code `unavailable` while none does.
 */
import type { RuntimeHost } from '$lib/core/runtime_host.svelte';
import { ArsenalClient } from './arsenal_client';

export function arsenalOf(runtime: RuntimeHost): ArsenalClient {
	return new ArsenalClient((operation, params) => {
		const api = runtime.api;
		if (!api) {
			const error = Object.assign(new Error('The runtime is not running.'), {
				code: 'unavailable'
			});
			return Promise.reject(error);
		}
		return api.execute(operation, params);
	});
}
