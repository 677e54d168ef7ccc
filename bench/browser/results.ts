import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { expect, type Page } from '@playwright/test';

/** A figure as the /bench page reports it. */
export interface Figure {
	name: string;
	value: number;
	unit: string;
	n: number;
}

const resultsDir = new URL('../results/', import.meta.url);

/**
 * Opens the overview, waits for the runtime, moves to /bench inside the app (the runtime worker
 * stays up) and runs one measure there; its figures.
 */
export async function runMeasure(page: Page, id: string): Promise<Figure[]> {
	await page.goto('/');
	await expect(
		page.getByRole('article', { name: 'System node' }).getByText('Running')
	).toBeVisible();
	await page.getByRole('link', { name: 'Benchmarks' }).click();
	const card = page.locator(`[data-measure="${id}"]`);
	await card.getByRole('button', { name: 'Run' }).click();
	const done = card.locator('table[data-figures], [data-error]');
	await expect(done).toBeVisible({ timeout: 170_000 });
	const error = await done.getAttribute('data-error');
	if (error) throw new Error(`The ${id} measure failed: ${error}`);
	return JSON.parse((await done.getAttribute('data-figures')) ?? '[]') as Figure[];
}

/** The figure named `name`, with a goal of at most `max` of its unit. */
export function goal(figures: Figure[], name: string, max: number) {
	const figure = figures.find((f) => f.name === name);
	if (!figure) throw new Error(`No figure named ${name}.`);
	return {
		...figure,
		value: Number(figure.value.toPrecision(4)),
		goal: `≤ ${max} ${figure.unit}`,
		met: figure.value <= max
	};
}

/** Writes bench/results/<benchmark>.json in the shared result format. */
export function writeResult(benchmark: string, browser: string, figures: object[]): void {
	mkdirSync(resultsDir, { recursive: true });
	const result = {
		benchmark,
		date: new Date().toISOString(),
		environment: {
			node: process.version,
			cpus: cpus().length,
			cpuModel: cpus()[0]?.model,
			browser: `Chromium ${browser}`
		},
		figures
	};
	writeFileSync(
		new URL(`${benchmark}.json`, resultsDir),
		JSON.stringify(result, null, '\t') + '\n'
	);
}
