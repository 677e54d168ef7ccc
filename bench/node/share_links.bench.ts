// Share-link lengths (issue 15: a typical experiment's link ≤ 2,000 characters): the `/share`
// link of every template and every lesson's starting experiment, under an origin of typical
// length. Each is encoded as the Share button encodes it (deflate-raw, CRC-32, base64url).
// Run through `npm run bench`, or `npm run bench -- share_links`.
import { parseExperiment, type Experiment } from '../../src/lib/arsenal/experiment_schemas.ts';
import { LESSONS } from '../../src/lib/lessons/index.ts';
import { TEMPLATES } from '../../src/lib/sandbox/templates/index.ts';
import { MAX_LINK_LENGTH, shareLink } from '../../src/lib/share/experiment_link.ts';
import { atMost, Report } from './kit.ts';

const ORIGIN = 'https://superlearner.app';
const report = new Report('share_links');
const goal = atMost(MAX_LINK_LENGTH, `≤ ${MAX_LINK_LENGTH} characters`);

function fromTemplate(t: (typeof TEMPLATES)[number]): Experiment {
	const read = parseExperiment({ files: t.files, entry: t.entry, title: t.title });
	if (!read.ok) throw new Error(`${t.id}: ${read.message}`);
	return read.experiment;
}

for (const t of TEMPLATES) {
	await report.figure(`share link, template ${t.id}`, 'characters', goal, async () => {
		return (await shareLink(fromTemplate(t), ORIGIN)).length;
	});
}
for (const lesson of LESSONS) {
	await report.figure(`share link, lesson ${lesson.slug}`, 'characters', goal, async () => {
		return (await shareLink(lesson.experiment, ORIGIN)).length;
	});
}
report.save();
