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
				projectService: {
					// The service worker has its own tsconfig (webworker lib instead of DOM).
					allowDefaultProject: ['src/service-worker.ts'],
					defaultProject: 'tsconfig.service-worker.json'
				},
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
		// Exit reasons are data, as in Erlang: any value can be thrown as a reason, and the
		// contract spells out known reasons in unions with `unknown` and `any` module generics.
		files: ['src/lib/runtime/**/*.ts'],
		rules: {
			'@typescript-eslint/only-throw-error': 'off',
			'@typescript-eslint/prefer-promise-reject-errors': 'off',
			'@typescript-eslint/no-redundant-type-constituents': 'off',
			'@typescript-eslint/no-explicit-any': 'off'
		}
	},
	{
		// The runtime is pure TypeScript: the same code runs in workers, vitest and benchmarks.
		files: ['src/lib/runtime/**/*.ts'],
		ignores: ['src/lib/runtime/**/*.test.ts'],
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
		// Type tests pass methods to expectTypeOf without calling them.
		files: ['**/*.types.test.ts'],
		rules: { '@typescript-eslint/unbound-method': 'off' }
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
