/**
 * What /analytics reads through Arsenal, held for the page (page thread): every supervisor's
 * figures, one page of the restart history for the filters, the telemetry figures, and whether
 * analytics is being saved. A read superseded by a newer one (the filters changed) is dropped.
 */
import { errorCode, type Data, type Execute, type MetaOf } from '$lib/arsenal/client';
import type { AnalyticsExport } from '$lib/arsenal/analytics_schemas';
import { errorMessage } from '$lib/observer/text';
import { sinceOf, type AnalyticsFilters } from './analytics_model';

/** Rows of the history table per page: a page is read, never all 10,000 restarts. */
export const PER_PAGE = 200;

type Status = 'loading' | 'ready' | 'error';

export class AnalyticsData {
	readonly #execute: Execute;
	#reading = 0;

	status = $state<Status>('loading');
	error = $state<string | null>(null);
	stats = $state.raw<Data<'list_supervisor_analytics'>>([]);
	persistence = $state.raw<MetaOf<'list_supervisor_analytics'>['persistence'] | null>(null);
	restarts = $state.raw<Data<'list_restarts'>>([]);
	meta = $state.raw<MetaOf<'list_restarts'> | null>(null);
	telemetry = $state.raw<Data<'get_telemetry'> | null>(null);

	constructor(execute: Execute) {
		this.#execute = execute;
	}

	/** Reads everything the page shows for `filters`, at `now` (epoch ms). */
	async read(filters: AnalyticsFilters, now = Date.now()): Promise<void> {
		const reading = ++this.#reading;
		const since = sinceOf(filters.range, now);
		try {
			const [stats, restarts, telemetry] = await Promise.all([
				this.#execute('list_supervisor_analytics', {}),
				this.#execute('list_restarts', {
					...(filters.node && { node: filters.node }),
					...(filters.supervisor && { supervisor: filters.supervisor }),
					...(filters.reason && { reason: filters.reason }),
					...(since !== undefined && { since }),
					page: filters.page,
					perPage: PER_PAGE
				}),
				this.#execute('get_telemetry')
			]);
			if (reading !== this.#reading) return;
			this.stats = stats.data;
			this.persistence = stats.meta.persistence;
			this.restarts = restarts.data;
			this.meta = restarts.meta;
			this.telemetry = telemetry.data;
			this.status = 'ready';
			this.error = null;
		} catch (error) {
			if (reading !== this.#reading) return;
			this.error = errorMessage(error);
			// What was read before stays on the page; the error shows beside it.
			if (this.status !== 'ready') this.status = 'error';
		}
	}

	/** The export file's text, as export_analytics answers it. */
	async exportText(): Promise<string> {
		const { data } = await this.#execute('export_analytics');
		return JSON.stringify(data, null, '\t');
	}

	/**
	 * Imports an export file's text; answers what was added, or throws an Error saying why the
	 * file was refused (not JSON, or the 422's reason). Nothing kept is lost on a refusal.
	 */
	async importText(text: string): Promise<Data<'import_analytics'>> {
		let file: unknown;
		try {
			file = JSON.parse(text);
		} catch (error) {
			throw new Error('This file is not JSON: it is not an analytics export.', { cause: error });
		}
		try {
			const { data } = await this.#execute('import_analytics', file as AnalyticsExport);
			return data;
		} catch (error) {
			if (errorCode(error) === 'validation_failed') {
				throw new Error(`This file was not imported. ${errorMessage(error)}`, { cause: error });
			}
			throw error;
		}
	}

	async clear(): Promise<number> {
		const { data } = await this.#execute('clear_analytics');
		return data.cleared;
	}
}
