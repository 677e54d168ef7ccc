/**
 * A supervisor's restart-intensity window at one instant: OTP lets a supervisor restart at most
 * `intensity` times within `period` seconds; one restart more and it gives up (terminates its
 * children and exits with `shutdown`). Each restart counts until it is `period` old.
 */
export interface IntensityWindow {
	intensity: number;
	/** Seconds. */
	period: number;
	/** Node-clock ms of recent restarts, any order; older ones are ignored. */
	times: readonly number[];
}

export interface WindowState {
	/** Restarts inside the window now. */
	count: number;
	/** For each of them, oldest first, the share of the period it still counts for (1 → 0). */
	remaining: number[];
	/** No restart is left before the next one makes the supervisor give up. */
	atLimit: boolean;
	/** Ms until the oldest restart ages out; null when none counts. */
	nextExpiryMs: number | null;
	tone: 'calm' | 'busy' | 'limit';
}

export function windowAt({ intensity, period, times }: IntensityWindow, now: number): WindowState {
	const span = period * 1000;
	const inside = times.filter((t) => now - t < span && t <= now).sort((a, b) => a - b);
	const remaining = inside.map((t) => Math.max(0, Math.min(1, 1 - (now - t) / span)));
	const count = inside.length;
	const atLimit = count >= intensity;
	return {
		count,
		remaining,
		atLimit,
		nextExpiryMs: count ? inside[0] + span - now : null,
		tone: atLimit ? 'limit' : count > 0 && count >= intensity / 2 ? 'busy' : 'calm'
	};
}

/** "2 of 3 restarts in the last 5 s", with what the next one would do. */
export function describeWindow(w: IntensityWindow, state: WindowState): string {
	const base = `${state.count} of ${w.intensity} restart${w.intensity === 1 ? '' : 's'} in the last ${w.period} s`;
	if (w.intensity === 0) return 'No restarts allowed: the first crash makes it give up';
	if (state.atLimit) return `${base}: one more and it gives up`;
	return base;
}
