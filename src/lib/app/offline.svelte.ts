/**
 * Whether the app works offline yet: the service worker activates before it has cached the
 * app (a first visit is answered at once), then caches the rest in the background when the
 * page asks — the editor and the compiler included. One per page: the footer shows it
 * (src/routes/OfflineReady.svelte), the sandbox editor asks it whether the compiler is here.
 */
import type { CacheFillProgress, OfflinePart } from '$lib/common/offline_cache';
import { fillOfflineCache } from './api_bridge';

export class OfflineReadiness {
	status = $state<'unknown' | 'saving' | 'ready' | 'failed'>('unknown');
	bytesDone = $state(0);
	bytesTotal = $state(0);
	/** The parts still to download; unknown (null) until the service worker says. */
	missing = $state.raw<readonly OfflinePart[] | null>(null);
	error = $state<string | null>(null);
	#started = false;

	/**
	 * Starts filling the offline cache once the page is idle, and again when the network comes
	 * back after a fill that failed; later calls do nothing.
	 */
	start(): void {
		if (this.#started) return;
		this.#started = true;
		const fill = () => {
			if (this.status === 'saving' || this.status === 'ready') return;
			this.status = 'saving';
			this.error = null;
			fillOfflineCache((progress) => this.#heard(progress)).then(
				() => (this.status = 'ready'),
				(error: unknown) => {
					this.status = 'failed';
					this.error = error instanceof Error ? error.message : String(error);
				}
			);
		};
		addEventListener('online', fill);
		if ('requestIdleCallback' in window) requestIdleCallback(fill, { timeout: 2_000 });
		else setTimeout(fill, 500);
	}

	/** Whether `part` is downloaded: true or false once known, null before. */
	has(part: OfflinePart): boolean | null {
		if (this.status === 'ready') return true;
		return this.missing ? !this.missing.includes(part) : null;
	}

	#heard({ bytesDone, bytesTotal, missing }: CacheFillProgress): void {
		this.bytesDone = bytesDone;
		this.bytesTotal = bytesTotal;
		this.missing = missing;
	}
}

/** This page's offline readiness. */
export const offlineReadiness = new OfflineReadiness();
