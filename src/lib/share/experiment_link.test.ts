import { expect, test } from 'vitest';
import { parseExperiment, type Experiment } from '$lib/arsenal/experiment_schemas';
import { TEMPLATES } from '$lib/sandbox/templates';
import {
	experimentFileName,
	experimentFileText,
	readExperimentFile,
	readPayload,
	shareLink
} from './experiment_link';
import { encodeShare } from './share_codec';

function experimentOf(id: string): Experiment {
	const t = TEMPLATES.find((t) => t.id === id)!;
	const read = parseExperiment({
		version: 1,
		title: t.title,
		files: t.files,
		entry: t.entry,
		scenario: []
	});
	if (!read.ok) throw new Error(read.message);
	return read.experiment;
}

test('a link opens the same experiment', async () => {
	const experiment = experimentOf('counter');
	const link = await shareLink(experiment, 'https://superlearner.test/');
	expect(link.url).toMatch(/^https:\/\/superlearner\.test\/share#1\./);
	expect(link.fits).toBe(link.length <= 2000);
	expect(await readPayload(new URL(link.url).hash)).toEqual({ ok: true, experiment });
});

test('a link to something that is not an experiment says so', async () => {
	const read = await readPayload(await encodeShare({ hello: 'world' }));
	expect(read).toEqual({
		ok: false,
		message: expect.stringMatching(/no experiment we can open/) as string
	});
	expect(await readPayload('#1.AAAA')).toEqual({
		ok: false,
		message: expect.stringMatching(/damaged|cut short/) as string
	});
});

test('a file round-trips, and a file that is not one names its problem', () => {
	const experiment = experimentOf('crashing');
	expect(readExperimentFile(experimentFileText(experiment))).toEqual({ ok: true, experiment });
	expect(readExperimentFile('{ nope')).toEqual({
		ok: false,
		message: expect.stringMatching(/^This file is not JSON: /) as string
	});
	expect(
		readExperimentFile(
			'{"version":1,"title":"x","files":{"a.ts":""},"entry":"a.ts","scenario":"all"}'
		)
	).toEqual({
		ok: false,
		message: expect.stringMatching(/^This file is not an experiment\. scenario: /) as string
	});
	expect(experimentFileName({ title: 'Counter: restarts!' })).toBe(
		'counter-restarts.experiment.json'
	);
	expect(experimentFileName({ title: '???' })).toBe('experiment.experiment.json');
});
