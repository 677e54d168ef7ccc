import { expect, type Page } from '@playwright/test';

export interface JsonAnswer {
	status: number;
	contentType: string | null;
	body: unknown;
}

/** Resolves once the service worker controls the page (on a first visit, after `controllerchange`). */
export function whenControlled(page: Page): Promise<void> {
	return page.evaluate(async () => {
		const sw = navigator.serviceWorker;
		if (!sw.controller) {
			await new Promise((resolve) =>
				sw.addEventListener('controllerchange', resolve, { once: true })
			);
		}
	});
}

/** `fetch` from the page once the service worker controls it (after `controllerchange` on a first visit). */
export function apiFetch(page: Page, path: string, method = 'GET'): Promise<JsonAnswer> {
	return apiRequest(page, method, path);
}

/** A REST request from the page through the service worker, with a JSON body when given. */
export async function apiRequest(
	page: Page,
	method: string,
	path: string,
	body?: unknown
): Promise<JsonAnswer> {
	await whenControlled(page);
	return page.evaluate(
		async ({ method, path, body }) => {
			const res = await fetch(path, {
				method,
				...(body !== undefined && {
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(body)
				})
			});
			return {
				status: res.status,
				contentType: res.headers.get('content-type'),
				body: (await res.json()) as unknown
			};
		},
		{ method, path, body }
	);
}

/** Resolves once the page's runtime answers REST (`/api/v1/health` is 200): the app has loaded. */
export async function whenRuntimeReady(page: Page): Promise<void> {
	await expect
		.poll(async () => (await apiRequest(page, 'GET', '/api/v1/health')).status, {
			timeout: 20_000
		})
		.toBe(200);
}

/** Warnings and errors the page logs, and uncaught exceptions, with where: each is a defect. */
export function consoleProblems(page: Page): string[] {
	const problems: string[] = [];
	const where = () => new URL(page.url()).pathname;
	page.on('console', (message) => {
		if (message.type() === 'warning' || message.type() === 'error') {
			problems.push(`${message.type()} on ${where()}: ${message.text()}`);
		}
	});
	page.on('pageerror', (error) => problems.push(`uncaught on ${where()}: ${error.message}`));
	return problems;
}

const NAV_LINKS = [
	'Overview',
	'Learn',
	'Supervisors',
	'Processes',
	'Sandboxes',
	'Cluster',
	'Analytics',
	'Trace',
	'Arsenal',
	'Settings'
];

/**
 * Goes to another page of the app as a learner does (a reload would start a new runtime): by a
 * link on the page, or in the main navigation, which a phone folds behind its Menu button.
 */
export async function goByLink(page: Page, name: string): Promise<void> {
	const nav = page.getByRole('navigation', { name: 'Main' });
	const menu = page.getByRole('button', { name: 'Menu' });
	if (NAV_LINKS.includes(name) && (await menu.isVisible())) {
		await menu.click();
		await nav.getByRole('link', { name, exact: true }).click();
		return;
	}
	await page.getByRole('link', { name, exact: true }).first().click();
}

/**
 * Opens the page of a demo process by its registered name, as a learner does: filters /processes
 * by the name and follows the first pid; resolves once its page names it.
 */
export async function openProcess(page: Page, name: string): Promise<void> {
	await page.goto(`/processes?q=${encodeURIComponent(name)}`);
	await page
		.getByRole('grid', { name: 'Processes' })
		.getByRole('link', { name: /^<0\.\d+\.0>$/ })
		.first()
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
}

/** Dark mode on a 390-px phone: a context's options, or what a page switches to mid-test. */
export const PHONE_DARK = {
	colorScheme: 'dark' as const,
	viewport: { width: 390, height: 844 }
};

/** Switches `page` to dark mode on a 390-px phone, mid-test. */
export async function toPhoneDark(page: Page): Promise<void> {
	await page.setViewportSize(PHONE_DARK.viewport);
	await page.emulateMedia({ colorScheme: PHONE_DARK.colorScheme });
}

/** Whether every element `selector` matches fits in the window's width (390 px layouts). */
export function fitsWidth(page: Page, selector: string): Promise<boolean> {
	return page.evaluate(
		(selector) =>
			[...document.querySelectorAll(selector)].every(
				(el) => el.getBoundingClientRect().right <= window.innerWidth + 0.5
			),
		selector
	);
}
