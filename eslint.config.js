import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The folders of src/lib by the thread that runs them (see docs/architecture.md), and what each
 * may import. `values` lists the folders it may import code from; `types` those it may import
 * types only from (a page may name a worker-side type, never pull worker code in). Every folder
 * may import its own files. Import circles between folders are checked by
 * scripts/check_layers.mjs, also part of `npm run lint`.
 */
const LAYERS = {
	runtime: { values: [], types: [] },
	common: { values: [], types: [] },
	distribution: { values: ['runtime'], types: [] },
	supertester: { values: ['runtime'], types: [] },
	arsenal: { values: ['runtime', 'common'], types: ['sandbox', 'supertester'] },
	stream: { values: ['runtime', 'arsenal', 'common'], types: [] },
	sandbox: { values: ['arsenal'], types: ['runtime', 'distribution', 'stream', 'supertester'] },
	'sandbox/compiler': { values: ['arsenal', 'sandbox'], types: [] },
	'sandbox/frame': { values: [], types: [] },
	'sandbox/host': {
		values: [
			'runtime',
			'distribution',
			'arsenal',
			'stream',
			'common',
			'sandbox',
			'sandbox/compiler',
			'supertester'
		],
		types: []
	},
	system: {
		values: [
			'runtime',
			'distribution',
			'arsenal',
			'stream',
			'common',
			'sandbox',
			'sandbox/compiler',
			'sandbox/frame',
			'supertester'
		],
		types: ['sandbox/host']
	},
	share: { values: ['arsenal'], types: [] },
	lessons: { values: ['arsenal'], types: [] },
	app: { values: ['arsenal', 'common', 'sandbox', 'sandbox/frame'], types: ['runtime', 'system'] },
	observer: {
		values: ['arsenal', 'common', 'app', 'sandbox'],
		types: ['runtime', 'stream', 'system']
	},
	ui: {
		values: ['arsenal', 'common', 'app', 'observer', 'sandbox', 'sandbox/compiler', 'supertester'],
		types: ['runtime', 'stream', 'system', 'share']
	}
};

/** Everything in src/lib a folder may not import, as no-restricted-imports patterns. */
function layerPatterns(folder, { values, types }) {
	const folders = Object.keys(LAYERS).filter((f) => f !== folder && !values.includes(f));
	// A folder's own subfolders are layers of their own: `sandbox` may not reach `sandbox/host`.
	const paths = (f) => {
		const inner = Object.keys(LAYERS).filter((g) => g.startsWith(`${f}/`));
		return [`$lib/${f}`, `$lib/${f}/*`, ...inner.map((g) => `!$lib/${g}/*`), '!$lib/runtime/host'];
	};
	return [
		...folders.map((f) => ({
			group: paths(f),
			...(types.includes(f) && { allowTypeImports: true }),
			message: `${folder} may not import ${types.includes(f) ? 'code (types only) from ' : ''}${f}: see the layers in eslint.config.js.`
		})),
		{
			group: ['$lib/runtime/*', '!$lib/runtime/host', '**/runtime/internal/*'],
			message: 'Import the runtime through $lib/runtime (its contract) or $lib/runtime/host.'
		},
		{ group: ['$lib/testing', '$lib/testing/*'], message: 'Test support is for tests only.' },
		{ group: ['**/workers/*'], message: '$lib never imports worker entries.' }
	];
}

function layers() {
	const pages = {
		values: [
			'arsenal',
			'common',
			'app',
			'observer',
			'ui',
			'sandbox',
			'sandbox/compiler',
			'supertester',
			'share',
			'lessons'
		],
		types: ['runtime', 'stream', 'system', 'sandbox/host']
	};
	return [
		...Object.entries(LAYERS)
			.filter(([folder]) => folder !== 'runtime')
			.map(([folder, rule]) => ({
				files: [`src/lib/${folder}/**/*.ts`, `src/lib/${folder}/**/*.svelte`],
				ignores: [
					'**/*.test.ts',
					...Object.keys(LAYERS)
						.filter((g) => g.startsWith(`${folder}/`))
						.map((g) => `src/lib/${g}/**`)
				],
				rules: { 'no-restricted-imports': ['error', { patterns: layerPatterns(folder, rule) }] }
			})),
		{
			files: ['src/routes/**/*.ts', 'src/routes/**/*.svelte'],
			ignores: ['**/*.test.ts'],
			rules: {
				'no-restricted-imports': ['error', { patterns: layerPatterns('routes', pages) }]
			}
		}
	];
}

export default ts.config(
	{
		ignores: [
			'build/',
			'cli-build/',
			'.cli-build-*/',
			'playwriter-build/',
			'.playwriter-build-*/',
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
	...layers()
);
