import { expect, type Page } from '@playwright/test';
import { apiFetch, apiRequest, type JsonAnswer } from './helpers';

/** A sandbox as GET /api/v1/sandboxes/:id describes it (the fields the tests read). */
export interface SandboxView {
	status: string;
	reason?: string;
	detail?: string;
	root?: string;
	children: Array<{ id: string; pid: string | null }>;
}

/** POST /api/v1/sandboxes, as any REST client would. */
export function createSandbox(
	page: Page,
	id: string,
	files: Record<string, string>,
	extra: Record<string, unknown> = {}
): Promise<JsonAnswer> {
	return apiRequest(page, 'POST', '/api/v1/sandboxes', { id, files, ...extra });
}

/** Creates and runs a sandbox, which must be accepted (201). */
export async function createdSandbox(
	page: Page,
	id: string,
	files: Record<string, string>
): Promise<void> {
	expect((await createSandbox(page, id, files)).status).toBe(201);
}

export async function sandboxView(page: Page, id: string): Promise<SandboxView> {
	const res = await apiFetch(page, `/api/v1/sandboxes/${id}`);
	expect(res.status).toBe(200);
	return (res.body as { data: SandboxView }).data;
}

/** The texts of a sandbox's console lines, oldest first. */
export async function consoleTexts(page: Page, id: string): Promise<string[]> {
	const res = await apiFetch(page, `/api/v1/sandboxes/${id}/console`);
	return (res.body as { data: Array<{ text: string }> }).data.map((line) => line.text);
}

/** A sandbox that logs `tick N` every 100 ms: alive as long as N grows. */
export const TICKER = {
	'main.ts': `import { GenServer, type GenServerModule } from 'superlearner';
const Ticker: GenServerModule<number> = {
	name: 'Ticker',
	init: () => ['ok', 0, 100],
	handleInfo: (_msg, n) => {
		console.log('tick ' + (n + 1));
		return ['noreply', n + 1, 100];
	}
};
export default {
	name: 'Bystander',
	init: () => ['ok', { strategy: 'one_for_one' }, [GenServer.childSpec(Ticker, 0)]]
};
`
};

/** The bystander's last tick. */
export async function lastTick(page: Page, id: string): Promise<number> {
	const ticks = (await consoleTexts(page, id)).filter((t) => t.startsWith('tick '));
	return Number(ticks.at(-1)?.slice(5) ?? 0);
}

/** The app is unharmed: health answers 200 ok, and the bystander sandbox still ticks. */
export async function expectUnharmed(page: Page, bystander: string): Promise<void> {
	const health = await apiFetch(page, '/api/v1/health');
	expect(health.status).toBe(200);
	expect(health.body).toMatchObject({ data: { status: 'ok' } });
	const before = await lastTick(page, bystander);
	await expect.poll(() => lastTick(page, bystander), { timeout: 10_000 }).toBeGreaterThan(before);
	expect((await sandboxView(page, bystander)).status).toBe('running');
}
