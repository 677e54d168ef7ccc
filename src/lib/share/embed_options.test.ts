import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBED_OPTIONS, embedOptions } from './embed_options';

const read = (query: string) => embedOptions(new URLSearchParams(query));

describe('embed options', () => {
	it('are the defaults with no query: no autorun, editor, tree and console', () => {
		expect(read('')).toEqual({ options: DEFAULT_EMBED_OPTIONS, warnings: [] });
	});

	it('read every option the docs list', () => {
		expect(
			read(
				'theme=dark&panes=tree,console,tests&readonly&autorun=true&height=480&origin=https://course.example'
			)
		).toEqual({
			options: {
				theme: 'dark',
				panes: ['tree', 'console', 'tests'],
				readonly: true,
				autorun: true,
				height: 480,
				origin: 'https://course.example'
			},
			warnings: []
		});
	});

	it('keep the default for what they cannot take, and say which', () => {
		const { options, warnings } = read(
			'theme=blue&panes=editor,graph&autorun=yes&height=10&origin=https://a.example/course&colour=red'
		);
		expect(options).toEqual({ ...DEFAULT_EMBED_OPTIONS, panes: ['editor'] });
		expect(warnings).toEqual([
			'The embed option theme=blue is ignored: it takes light, dark or auto.',
			'The embed panes graph are unknown (there are editor, tree, console, tests).',
			'The embed option autorun=yes is ignored: it takes true or false.',
			'The embed option height=10 is ignored: it takes a number of pixels from 160 to 4000.',
			'The embed option origin=https://a.example/course is ignored: it takes an origin, such as https://course.example.',
			'The embed option colour is unknown, and ignored.'
		]);
	});

	it('keep the default panes when none named is known, and drop repeats', () => {
		expect(read('panes=graph').options.panes).toEqual(DEFAULT_EMBED_OPTIONS.panes);
		expect(read('panes=tree,tree,editor').options.panes).toEqual(['tree', 'editor']);
	});
});
