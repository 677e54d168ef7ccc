import { describe, expect, test } from 'vitest';
import { TEMPLATES } from '$lib/sandbox/templates';
import {
	EXPERIMENT_VERSION,
	describeStep,
	parseExperiment,
	type ExperimentInput
} from './experiment_schemas';

const counter = TEMPLATES.find((t) => t.id === 'counter')!;

function experiment(over: Partial<ExperimentInput> = {}): ExperimentInput {
	return {
		version: EXPERIMENT_VERSION,
		title: 'Kill the counter',
		files: counter.files,
		entry: counter.entry,
		scenario: [
			{ kind: 'kill', target: { path: ['counter'] } },
			{ kind: 'wait', ms: 100 },
			{ kind: 'assert', check: 'restarted', target: { path: ['counter'] } }
		],
		...over
	};
}

describe('parseExperiment', () => {
	test('reads a current record, with the defaults of what it leaves out', () => {
		const read = parseExperiment(experiment());
		expect(read).toMatchObject({
			ok: true,
			experiment: {
				clock: 'virtual',
				seed: 1,
				scenario: [{ kind: 'kill', reason: 'kill' }, {}, {}]
			}
		});
		expect(read.ok && read.upgradedFrom).toBe(undefined);
	});

	test('upgrades version 0, a bare set of files, to an experiment with an empty scenario', () => {
		const read = parseExperiment({ files: counter.files, entry: counter.entry });
		expect(read).toEqual({
			ok: true,
			upgradedFrom: 0,
			experiment: {
				version: EXPERIMENT_VERSION,
				title: 'Untitled experiment',
				files: counter.files,
				entry: counter.entry,
				clock: 'virtual',
				seed: 1,
				scenario: []
			}
		});
	});

	test('refuses a newer version with a sentence saying so', () => {
		const read = parseExperiment({ ...experiment(), version: EXPERIMENT_VERSION + 1 });
		expect(read).toEqual({
			ok: false,
			message: expect.stringMatching(/newer SuperLearner/) as string
		});
	});

	test.each([
		[null, /not a JSON object/],
		[[1, 2], /not a JSON object/],
		[{ hello: 'world' }, /no version and no files/],
		[{ ...experiment(), entry: 'nope.ts' }, /^entry: The entry must be one of the files/],
		[{ ...experiment(), scenario: [{ kind: 'wait', ms: 'soon' }] }, /^scenario\[0\]\.ms: .*number/],
		[{ ...experiment(), scenario: [{ kind: 'explode' }] }, /^scenario\[0\]\.kind: /],
		[{ ...experiment(), files: { '../x.ts': '' } }, /^files/],
		[{ ...experiment(), surprise: 1 }, /surprise/]
	])('names the first wrong field of %j', (value, message) => {
		const read = parseExperiment(value);
		expect(read.ok).toBe(false);
		expect(!read.ok && read.message).toMatch(message);
	});
});

test('a step in a few words', () => {
	expect(describeStep({ kind: 'kill', target: { path: ['workers', 'counter'] } })).toBe(
		'kill workers/counter'
	);
	expect(describeStep({ kind: 'call', target: { name: 'Counter' }, message: 'get' })).toBe(
		'call "get" to Counter'
	);
	expect(
		describeStep({ kind: 'assert', check: 'childCount', target: { path: [] }, value: 2 })
	).toBe('check childCount of the root is 2');
});
