/** Experiments leave the page as `.json` files: for one too large for a link, or to keep. */
import type { ParsedExperiment } from '$lib/arsenal/experiment_schemas';
import { experimentFileName, experimentFileText } from '$lib/share/experiment_link';

/** Downloads the experiment as its `.json` file; null, or the sentence saying why it is none. */
export function downloadExperiment(read: ParsedExperiment): string | null {
	if (!read.ok) return read.message;
	const anchor = Object.assign(document.createElement('a'), {
		href: URL.createObjectURL(
			new Blob([experimentFileText(read.experiment)], { type: 'application/json' })
		),
		download: experimentFileName(read.experiment)
	});
	anchor.click();
	// Revoked at once, the address could be gone before the download has read it.
	setTimeout(() => URL.revokeObjectURL(anchor.href), 60_000);
	return null;
}
