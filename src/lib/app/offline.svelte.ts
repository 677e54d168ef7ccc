/**
 * Whether the app works offline yet: the service worker activates before it has cached the
 * app (a first visit is answered at once), then caches the rest in the background when the
 * page asks. The footer shows this state.
 */
import { fillOfflineCache } from './api_bridge';

export class OfflineReadiness {
	status = $state<'unknown' | 'saving' | 'ready' | 'failed'>('unknown');
	done = $state(0);
	total = $state(0);
	error = $state<string | null>(null);

	/** Starts filling the offline cache once the page is idle; safe to call once per page. */
	start(): void {
		const fill = () => {
			this.status = 'saving';
			fillOfflineCache(({ done, total }) => {
				this.done = done;
				this.total = total;
			}).then(
				() => (this.status = 'ready'),
				(error: unknown) => {
					this.status = 'failed';
					this.error = error instanceof Error ? error.message : String(error);
				}
			);
		};
		if ('requestIdleCallback' in window) requestIdleCallback(fill, { timeout: 2_000 });
		else setTimeout(fill, 500);
	}
}
