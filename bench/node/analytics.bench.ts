// Analytics' figures from issue #13: how fast restarts go into the store (the path every node's
// trace takes: plain events → records, with retention), and the sustained write rate to
// IndexedDB through the analytics database module (fake-indexeddb in Node: the browser's own
// figure is measured separately). Run through `npm run bench` (it bundles this file).
import 'fake-indexeddb/auto';
import type { ObserverEvent } from '../../src/lib/stream/events.ts';
import { Analytics } from '../../src/lib/system/analytics/analytics.ts';
import { AnalyticsDb } from '../../src/lib/system/analytics/db.ts';
import { atLeast, log, medianOf, Report } from './kit.ts';

/** Restarts in one run, spread over this many supervisors of one node. */
const RESTARTS = 100_000;
const SUPERVISORS = 100;
/** Records per write: what 250 ms holds at 10,000 restarts a second. */
const BATCH = 2_500;
const BATCHES = 40;

const report = new Report('analytics');

/** The restart events of a storm: each supervisor restarts its child with a fresh pid. */
function restarts(n: number, from = 0): ObserverEvent[] {
	return Array.from({ length: n }, (_, i) => {
		const id = from + i;
		return {
			type: 'restart',
			supervisor: `<0.${id % SUPERVISORS}.0>`,
			childId: 'worker',
			oldPid: `<0.${1_000 + id}.0>`,
			newPid: `<0.${1_001 + id}.0>`,
			reason: id % 3 ? 'killed' : { name: 'Error', message: 'boom' },
			at: id,
			intensity: 3,
			period: 5
		};
	});
}

const storm = restarts(RESTARTS);
await report.figure(
	`record ${RESTARTS.toLocaleString('en')} restarts (${SUPERVISORS} supervisors, 1,000 kept each)`,
	'restarts/s',
	undefined,
	() =>
		medianOf(9, () => {
			const analytics = new Analytics();
			const started = performance.now();
			analytics.observe('bench@node', storm, (at) => at);
			return RESTARTS / ((performance.now() - started) / 1000);
		})
);

let run = 0;
await report.figure(
	`IndexedDB sustained writes (fake-indexeddb), ${BATCHES} batches of ${BATCH.toLocaleString('en')}`,
	'records/s',
	atLeast(10_000, '≥ 10k records/s'),
	() =>
		medianOf(3, async () => {
			const db = await AnalyticsDb.open(`superlearner-analytics-bench-${run++}`);
			const analytics = new Analytics({ storage: { db, restored: [] } });
			let written = 0;
			const started = performance.now();
			for (let b = 0; b < BATCHES; b++) {
				analytics.observe('bench@node', restarts(BATCH, b * BATCH), (at) => at);
				await analytics.persist();
				written += BATCH;
			}
			const rate = written / ((performance.now() - started) / 1000);
			if (analytics.persistence.status !== 'saved') throw new Error('a write failed');
			const stored = (await db.load()).reduce((n, h) => n + h.records.length, 0);
			log(`${stored} records stored (${SUPERVISORS} × 1,000 kept)`);
			db.close();
			return rate;
		})
);

report.finish();
