import type { Page } from '@playwright/test';

export interface JsonAnswer {
	status: number;
	contentType: string | null;
	body: unknown;
}

/** `fetch` from the page once the service worker controls it (after `controllerchange` on a first visit). */
export function apiFetch(page: Page, path: string, method = 'GET'): Promise<JsonAnswer> {
	return page.evaluate(
		async ({ path, method }) => {
			const sw = navigator.serviceWorker;
			if (!sw.controller) {
				await new Promise((resolve) =>
					sw.addEventListener('controllerchange', resolve, { once: true })
				);
			}
			const res = await fetch(path, { method });
			return {
				status: res.status,
				contentType: res.headers.get('content-type'),
				body: (await res.json()) as unknown
			};
		},
		{ path, method }
	);
}
