import { expect, test } from './warm';

test.describe('compiler', () => {
	test('compiles TypeScript in the esbuild worker and points at a syntax error', async ({
		page
	}) => {
		await page.goto('/');
		await page.getByText('Try the compiler').click();
		const card = page.locator('details').filter({ hasText: 'Try the compiler' });
		const source = page.getByLabel('TypeScript source');
		const compile = page.getByRole('button', { name: 'Compile' });

		await source.fill('const answer: number = 42;\nexport { answer };\n');
		await compile.click();
		await expect(page.getByLabel('JavaScript output')).toContainText('const answer = 42;', {
			timeout: 20_000
		});
		await expect(card.getByRole('status')).toContainText(/Compiled in .* compiler loaded in/);

		await source.fill('let ok = 1;\nconst bad: number = (;\n');
		await compile.click();
		const diagnostics = page.getByRole('list', { name: 'Diagnostics' });
		await expect(diagnostics.getByRole('listitem')).toHaveCount(1);
		await expect(diagnostics).toContainText('example.ts:2:22');
		await expect(diagnostics).toContainText('Unexpected ";"');
		await expect(page.getByLabel('JavaScript output')).toHaveCount(0);
	});
});
