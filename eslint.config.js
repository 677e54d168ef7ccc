import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'bench/results/',
			'bench/peers/',
			'test-results/',
			'playwright-report/'
		]
	},
	{ linterOptions: { reportUnusedDisableDirectives: 'error' } },
	js.configs.recommended,
	...ts.configs.recommendedTypeChecked,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: {
			globals: { ...globals.browser, ...globals.node },
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				tsconfigRootDir: import.meta.dirname
			}
		},
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } }
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		...ts.configs.disableTypeChecked
	},
	{
		// The runtime is pure TypeScript: the same code runs in workers, vitest and benchmarks.
		files: ['src/lib/runtime/**/*.ts'],
		languageOptions: { globals: { ...globals['shared-node-browser'] } },
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ group: ['node:*'], message: 'The runtime runs in browsers: no Node-only API.' },
						{
							group: ['svelte', 'svelte/*', '$app/*'],
							message: 'The runtime knows nothing of the UI.'
						},
						{
							group: ['comlink', 'idb'],
							message: 'Threads and storage belong outside the runtime.'
						},
						{
							group: ['$lib/*', '../*/**', '!../runtime/**'],
							message: 'The runtime imports nothing from app code.'
						}
					]
				}
			],
			'no-restricted-globals': [
				'error',
				{ name: 'window', message: 'No DOM in the runtime.' },
				{ name: 'document', message: 'No DOM in the runtime.' },
				{ name: 'process', message: 'No Node-only API in the runtime.' },
				{ name: 'Buffer', message: 'No Node-only API in the runtime.' }
			]
		}
	},
	{
		// Only the runtime itself reaches into its internals.
		files: ['src/**/*.ts', 'src/**/*.svelte'],
		ignores: ['src/lib/runtime/**'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['**/runtime/internal/*', '$lib/runtime/internal/*'],
							message: 'Import the runtime through $lib/runtime (its contract).'
						},
						{ group: ['**/workers/*'], message: '$lib never imports worker entries.' }
					]
				}
			]
		}
	}
);
