import { expect, type Page } from '@playwright/test';

/** The tree drawing's canvas container. */
export const treeCanvas = (page: Page) => page.getByTestId('supervision-tree');

/** Waits until the tree is drawn with `key` on it. */
export async function waitForNode(page: Page, key: string): Promise<void> {
	await expect(treeCanvas(page).locator('canvas').first()).toBeVisible();
	await expect
		.poll(() =>
			page.evaluate((k) => {
				type Canvas = HTMLElement & {
					_cyreg?: { cy?: { getElementById(id: string): { length: number } } };
				};
				const el = document.querySelector<Canvas>('[data-testid="supervision-tree"]');
				return el?._cyreg?.cy?.getElementById(k).length ?? 0;
			}, key)
		)
		.toBe(1);
}

/**
 * What the tree draws for `key`: its status and text; status `absent` (and no text) while the
 * tree does not draw it — a tree being redrawn, or a page being replaced.
 */
export function nodeData(page: Page, key: string): Promise<{ status: string; text: string }> {
	return page.evaluate((k) => {
		type Canvas = HTMLElement & {
			_cyreg?: {
				cy?: {
					getElementById(id: string): { data(): { status: string; text: string } | undefined };
				};
			};
		};
		const el = document.querySelector<Canvas>('[data-testid="supervision-tree"]');
		return el?._cyreg?.cy?.getElementById(k).data() ?? { status: 'absent', text: '' };
	}, key);
}

/** Clicks the node `key` on the tree canvas, where it is drawn, as a user would. */
export async function clickNode(page: Page, key: string): Promise<void> {
	await waitForNode(page, key);
	const at = await page.evaluate((k) => {
		const el = document.querySelector('[data-testid="supervision-tree"]') as HTMLElement & {
			_cyreg: {
				cy: {
					getElementById(id: string): { renderedPosition(): { x: number; y: number } };
					stop(): void;
				};
			};
		};
		const box = el.getBoundingClientRect();
		const p = el._cyreg.cy.getElementById(k).renderedPosition();
		return { x: box.left + p.x, y: box.top + p.y };
	}, key);
	await page.mouse.click(at.x, at.y);
}

/** The pid the panel shows for the selected node. */
export function panelPid(page: Page) {
	return page.locator('aside dt', { hasText: /^Pid$/ }).locator('+ dd');
}

/** Waits until a node labelled `label` (its text's first line) is drawn; its key. */
export async function waitForLabel(page: Page, label: string): Promise<string> {
	await expect(treeCanvas(page).locator('canvas').first()).toBeVisible();
	let key: string | undefined;
	await expect
		.poll(async () => {
			key = await page.evaluate((l) => {
				type Node = { id(): string; data(field: 'text'): string };
				type Canvas = HTMLElement & {
					_cyreg?: { cy?: { nodes(): { filter(f: (n: Node) => boolean): Node[] } } };
				};
				const el = document.querySelector<Canvas>('[data-testid="supervision-tree"]');
				return el?._cyreg?.cy
					?.nodes()
					.filter((n) => n.data('text').split('\n')[0] === l)[0]
					?.id();
			}, label);
			return key;
		})
		.toBeTruthy();
	return key!;
}

/** The text the tree draws for the node labelled `label` (its text's first line); '' if none. */
export function textOfLabel(page: Page, label: string): Promise<string> {
	return page.evaluate((l) => {
		type Node = { data(field: 'text'): string };
		type Canvas = HTMLElement & {
			_cyreg?: { cy?: { nodes(): { filter(f: (n: Node) => boolean): Node[] } } };
		};
		const el = document.querySelector<Canvas>('[data-testid="supervision-tree"]');
		const node = el?._cyreg?.cy?.nodes().filter((n) => n.data('text').split('\n')[0] === l)[0];
		return node?.data('text') ?? '';
	}, label);
}
