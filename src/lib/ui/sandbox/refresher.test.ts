import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Refresher } from './refresher';

describe('Refresher', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('reads once more after the read under way, however many requests came meanwhile', async () => {
		const read = vi.fn(() => Promise.resolve());
		const refresher = new Refresher(read, 250);
		void refresher.request();
		void refresher.request();
		void refresher.request();
		expect(read).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(249);
		expect(read).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(read).toHaveBeenCalledTimes(2);
		await vi.advanceTimersByTimeAsync(1000);
		expect(read).toHaveBeenCalledTimes(2);
	});

	it('keeps reading after a read fails', async () => {
		const read = vi.fn(() => Promise.reject(new Error('gone')));
		const refresher = new Refresher(read, 10);
		const first = refresher.request();
		await vi.advanceTimersByTimeAsync(10);
		await first;
		const second = refresher.request();
		await vi.advanceTimersByTimeAsync(10);
		await second;
		expect(read).toHaveBeenCalledTimes(2);
	});
});
