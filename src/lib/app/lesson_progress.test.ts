import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { openSuperLearnerDB } from './db';
import { LessonProgress } from './lesson_progress';

let count = 0;
const fresh = () => {
	const name = `progress-db-${++count}`;
	return { name, progress: new LessonProgress(() => openSuperLearnerDB(name)) };
};

afterEach(async () => {
	for (; count > 0; count--) await deleteDB(`progress-db-${count}`);
});

describe('LessonProgress', () => {
	it('has no lesson done at first', async () => {
		expect(await fresh().progress.doneSlugs()).toEqual(new Set());
	});

	it('keeps a lesson done across reopening, with the time it was first done', async () => {
		const { name, progress } = fresh();
		await progress.markDone('monitors', 1_000);
		await progress.markDone('monitors', 2_000);
		await progress.markDone('one-for-one', 3_000);

		const again = new LessonProgress(() => openSuperLearnerDB(name));
		expect(await again.doneSlugs()).toEqual(new Set(['monitors', 'one-for-one']));
		const db = await openSuperLearnerDB(name);
		expect(await db.get('lessons', 'monitors')).toEqual({ slug: 'monitors', doneAt: 1_000 });
		db.close();
	});

	it('rejects when storage does not open, and works once it does', async () => {
		const { name } = fresh();
		let refuse = true;
		const progress = new LessonProgress(() =>
			refuse
				? Promise.reject(new DOMException('no', 'InvalidStateError'))
				: openSuperLearnerDB(name)
		);
		await expect(progress.markDone('monitors')).rejects.toMatchObject({
			name: 'InvalidStateError'
		});
		refuse = false;
		await progress.markDone('monitors');
		expect(await progress.doneSlugs()).toEqual(new Set(['monitors']));
	});
});
