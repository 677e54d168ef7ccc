/**
 * One node's supervisors as their trace shows them: restarts per minute (a storm), the restarts
 * inside each supervisor's intensity window (near its limit), and the supervisors that gave up
 * (`reached_max_restart_intensity`). It reads only `restart` events and supervisor reports, which
 * a sandbox's trace batches carry as well as the system node's trace. Runtime worker.
 */
import type { SupervisorReportOut } from '$lib/arsenal/reports';
import { RestartTally } from '$lib/system/sandboxes/restart_tally';
import { GAVE_UP_KEPT_MS, NEAR_LIMIT_SHARE, STORM_PER_MINUTE } from './limits';

/** A supervisor's restart figures now. */
export interface RestartLoad {
	supervisor: string;
	/** Restarts (every child restarted counts) in the last minute. */
	perMinute: number;
	intensity: number;
	/** Seconds. */
	period: number;
	/** Restarts counted against the intensity inside the period now. */
	inWindow: number;
	/** Node-clock ms of the latest restart. */
	lastAt: number;
}

/** A supervisor that exceeded its restart intensity and shut down. */
export interface GaveUp {
	supervisor: string;
	name?: string;
	at: number;
	intensity: number;
	period: number;
	restarts: number;
	/** The child whose exit passed the limit. */
	child: string;
}

interface Watched {
	perMinute: RestartTally;
	/** Restarts counted against the intensity (one per child exit, as the supervisor counts). */
	counted: RestartTally;
	intensity: number;
	period: number;
	lastAt: number;
}

export class SupervisorWatch {
	readonly #supervisors = new Map<string, Watched>();
	readonly #gaveUp = new Map<string, GaveUp>();

	/**
	 * A child of `supervisor` restarted at `at`; `count` restarts of it when a relay coalesced
	 * several. Restart events carry the supervisor's flags (absent from an older node: a window
	 * of 0 intensity is not measured), and `counted: false` for a sibling restarted along with
	 * the child that exited, which the supervisor does not count against its intensity.
	 */
	restart(
		supervisor: string,
		at: number,
		flags: { intensity?: number; period?: number; counted?: boolean },
		count = 1
	): void {
		const intensity = flags.intensity ?? 0;
		const period = flags.period ?? 5;
		let w = this.#supervisors.get(supervisor);
		if (!w || w.period !== period) {
			w = {
				perMinute: w?.perMinute ?? new RestartTally({ keepMs: 60_000 }),
				counted: new RestartTally({ keepMs: period * 1000 + 1000 }),
				intensity,
				period,
				lastAt: at
			};
			this.#supervisors.set(supervisor, w);
		}
		w.intensity = intensity;
		w.lastAt = at;
		w.perMinute.add(at, count);
		if (flags.counted !== false) w.counted.add(at, count);
	}

	/** A supervisor report: a `shutdown` for `reached_max_restart_intensity` is a give-up. */
	report(report: SupervisorReportOut): void {
		if (report.errorContext !== 'shutdown' || report.reason !== 'reached_max_restart_intensity') {
			return;
		}
		const limit = report.intensity;
		this.#gaveUp.set(report.supervisor, {
			supervisor: report.supervisor,
			...(report.name !== undefined && { name: report.name }),
			at: report.at,
			intensity: limit?.intensity ?? 0,
			period: limit?.period ?? 0,
			restarts: limit?.restarts ?? 0,
			child: report.child.id
		});
	}

	/** A process exited: a supervisor's storm is over with it (its give-up stays a while). */
	exited(pid: string): void {
		this.#supervisors.delete(pid);
	}

	/** The supervisors that restarted a child lately (within a minute, or their period). */
	restarted(): Iterable<string> {
		return this.#supervisors.keys();
	}

	/** Supervisors restarting {@link STORM_PER_MINUTE} times a minute or more at node time `now`. */
	*storms(now: number): Iterable<RestartLoad> {
		for (const load of this.#loads(now)) if (load.perMinute >= STORM_PER_MINUTE) yield load;
	}

	/** Supervisors that used {@link NEAR_LIMIT_SHARE} of their intensity inside their period. */
	*nearLimit(now: number): Iterable<RestartLoad> {
		for (const load of this.#loads(now)) {
			if (load.intensity > 0 && load.inWindow >= NEAR_LIMIT_SHARE * load.intensity) yield load;
		}
	}

	/** The give-ups of the last {@link GAVE_UP_KEPT_MS}. */
	gaveUp(now: number): GaveUp[] {
		for (const [pid, g] of this.#gaveUp) if (now - g.at > GAVE_UP_KEPT_MS) this.#gaveUp.delete(pid);
		return [...this.#gaveUp.values()];
	}

	*#loads(now: number): Iterable<RestartLoad> {
		for (const [supervisor, w] of this.#supervisors) {
			// Quiet for longer than both windows: nothing left to measure.
			if (now - w.lastAt > Math.max(60_000, w.period * 1000)) {
				this.#supervisors.delete(supervisor);
				continue;
			}
			yield {
				supervisor,
				perMinute: w.perMinute.since(now - 60_000 + 1),
				intensity: w.intensity,
				period: w.period,
				inWindow: w.counted.since(now - w.period * 1000 + 1),
				lastAt: w.lastAt
			};
		}
	}
}
