/**
 * Whether the app works offline yet: the service worker activates before it has cached the
 * app (a first visit is answered at once), then caches the rest in the background when the
 * page asks — the editor and the compiler included. One per page: the footer shows it
 * (src/routes/OfflineReady.svelte), the sandbox editor asks it whether the compiler is here.
 */
import type { CacheFillProgress, OfflinePart } from '$lib/common/offline_cache';
import { checkOfflineCache, fillOfflineCache } from './api_bridge';

/**
 * The first seconds of a visit belong to what the learner does: opening the editor downloads
 * the editor and the compiler on first use (the small files cached as they arrive, the large
 * ones by this fill, from the HTTP cache by then), and a background download
 * of 27 MB meanwhile would compete with it for the network and the CPU. A short visit (a shared
 * link, an embed) downloads nothing more.
 */
const FILL_DELAY_MS = 10_000;

export class OfflineReadiness {
	status = $state<'unknown' | 'saving' | 'ready' | 'failed'>('unknown');
	bytesDone = $state(0);
	bytesTotal = $state(0);
	/** The parts still to download; unknown (null) until the service worker says. */
	missing = $state.raw<readonly OfflinePart[] | null>(null);
	error = $state<string | null>(null);
	#started = false;

	/**
	 * Says at once what is cached already (a second visit is ready offline from its first
	 * second), then fills the offline cache FILL_DELAY_MS after the page loads, once it is idle,
	 * and again when the network comes back after a fill that failed; later calls do nothing.
	 */
	start(): void {
		if (this.#started) return;
		this.#started = true;
		const fill = () => {
			// Offline, the fill waits for the network to come back ('online').
			if (this.status === 'saving' || this.status === 'ready' || !navigator.onLine) return;
			this.status = 'saving';
			this.error = null;
			fillOfflineCache((progress) => this.#heard(progress)).then(
				() => (this.status = 'ready'),
				(error: unknown) => this.#failed(error)
			);
		};
		addEventListener('online', fill);
		checkOfflineCache().then(
			(progress) => {
				if (this.status !== 'unknown') return;
				this.#heard(progress);
				if (progress.done === progress.total) this.status = 'ready';
				else if (!navigator.onLine) this.#failed(new Error('this browser is offline.'));
			},
			(error: unknown) => this.#failed(error)
		);
		setTimeout(() => {
			if ('requestIdleCallback' in window) requestIdleCallback(fill, { timeout: 2_000 });
			else fill();
		}, FILL_DELAY_MS);
	}

	/** Whether `part` is downloaded: true or false once known, null before. */
	has(part: OfflinePart): boolean | null {
		if (this.status === 'ready') return true;
		return this.missing ? !this.missing.includes(part) : null;
	}

	#failed(error: unknown): void {
		this.status = 'failed';
		this.error = error instanceof Error ? error.message : String(error);
	}

	#heard({ bytesDone, bytesTotal, missing }: CacheFillProgress): void {
		this.bytesDone = bytesDone;
		this.bytesTotal = bytesTotal;
		this.missing = missing;
	}
}

/** This page's offline readiness. */
export const offlineReadiness = new OfflineReadiness();
