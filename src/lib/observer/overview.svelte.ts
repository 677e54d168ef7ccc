/**
 * The live figures of the overview page, fed one frame's batches at a time by the feed: restarts
 * in the last minute (with a 12-bar chart of 5-second buckets), the message rate (with the last
 * 30 seconds), and the latest spawns, exits and restarts.
 */
import type { EventBatch, PastRestart } from '$lib/stream/events';
import { EventLog, RateMeter, RestartWindow, type LoggedEvent } from './overview_model';

export class OverviewStats {
	restartsLastMinute = $state(0);
	/** Restarts per 5 s over the last minute, oldest first. */
	restartBuckets = $state.raw<number[]>(new Array<number>(12).fill(0));
	/** Messages sent per second over the last 5 s. */
	messageRate = $state(0);
	/** Messages sent in each of the last 30 seconds, oldest first. */
	messageSeries = $state.raw<number[]>(new Array<number>(30).fill(0));
	/** Spawns, exits and restarts of the application, newest last. */
	events = $state.raw<readonly LoggedEvent[]>([]);
	/** The same with the processes started from outside (calls, the observer's own reads). */
	allEvents = $state.raw<readonly LoggedEvent[]>([]);
	/** Node clock of the latest figures. */
	at = $state(0);
	readonly #restarts = new RestartWindow(60_000);
	readonly #messages = new RateMeter(60);
	readonly #log = new EventLog(200);
	readonly #all = new EventLog(200);

	/** Restarts the node made before the page subscribed. */
	seed(restarts: readonly PastRestart[], now: number): void {
		for (const r of restarts) this.#restarts.add(r.at);
		this.#messages.add(now, 0);
		this.#log.add(restarts);
		this.#all.add(restarts, { outside: true });
		this.events = [...this.#log.events];
		this.allEvents = [...this.#all.events];
		this.tick(now);
	}

	apply(batches: readonly EventBatch[]): void {
		let logged = false;
		let any = false;
		for (const batch of batches) {
			for (const e of batch.events) if (e.type === 'restart') this.#restarts.add(e.at);
			this.#messages.add(batch.now, batch.sent);
			logged = this.#log.add(batch.events) || logged;
			any = this.#all.add(batch.events, { outside: true }) || any;
		}
		if (logged) this.events = [...this.#log.events];
		if (any) this.allEvents = [...this.#all.events];
		this.tick(batches[batches.length - 1].now);
	}

	/** Recomputes the windowed figures at node time `now` (they age even without events). */
	tick(now: number): void {
		this.at = now;
		this.restartsLastMinute = this.#restarts.count(now);
		this.restartBuckets = this.#restarts.buckets(now, 12);
		this.messageRate = this.#messages.rate(now);
		this.messageSeries = this.#messages.series(now, 30);
	}
}
