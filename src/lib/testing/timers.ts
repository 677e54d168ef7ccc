import type { Timers } from '$lib/common/timers';

/** Timers on a clock that moves only when `advance` says, firing what it passes, in order. */
export function virtualTimers() {
	let now = 0;
	let timers: Array<{ at: number; fn: () => void; id: number }> = [];
	let ids = 0;
	const clock: Timers = {
		now: () => now,
		setTimeout: (fn, ms) => {
			const id = ++ids;
			timers.push({ at: now + Math.max(0, ms), fn, id });
			return id;
		},
		clearTimeout: (id) => {
			timers = timers.filter((t) => t.id !== id);
		}
	};
	/** Fires the next timer due by `until`, if any. */
	const fireNext = (until: number): boolean => {
		const next = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
		if (!next) return false;
		timers = timers.filter((t) => t !== next);
		now = next.at;
		next.fn();
		return true;
	};
	/** Moves the clock by `ms`, firing every timer due on the way (and those they set). */
	const advance = (ms: number) => {
		const until = now + ms;
		while (fireNext(until));
		now = until;
	};
	/** Fires only the timer due first, as one task of an event loop would. */
	const step = () => fireNext(Infinity);
	return { clock, advance, step };
}
