// What starts before the first page's code has even loaded: on a first visit, the service
// worker installs and the runtime worker boots while the page renders, so REST answers sooner.
import type { ClientInit } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { resolve } from '$app/paths';
import { launchRuntimeEarly } from '$lib/app/runtime_host.svelte';

export const init: ClientInit = () => {
	// An embedded widget boots a lean runtime (see the root layout).
	launchRuntimeEarly({ lean: location.pathname === resolve('/embed') });
	// The service worker exists only in production builds (kit does not build it for dev).
	if (!dev && 'serviceWorker' in navigator) {
		navigator.serviceWorker
			.register(`${resolve('/')}service-worker.js`)
			.catch((error: unknown) => console.warn('Service worker not registered:', error));
	}
};
