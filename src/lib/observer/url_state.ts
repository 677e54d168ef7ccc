/**
 * Selections and sorts live in the URL, so that a view can be shared and the back button
 * undoes a selection: `navigateQuery` changes the query string of the current page, as a new
 * history entry (a selection) or in place (typing in a filter).
 */
import { goto } from '$app/navigation';
import { resolve } from '$app/paths';
import type { ResolvedPathname } from '$app/types';

export function navigateQuery(
	path: ResolvedPathname,
	params: Record<string, string | null | undefined>,
	opts: { replace?: boolean } = {}
): Promise<void> {
	const query = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value !== null && value !== undefined && value !== '') query.set(key, value);
	}
	const search = query.size ? `?${query}` : '';
	// eslint-disable-next-line svelte/no-navigation-without-resolve -- resolve() made `path`; only the query is added
	return goto(`${path}${search}`, {
		keepFocus: true,
		noScroll: true,
		replaceState: opts.replace ?? false
	});
}

/** The /trace page with `pid` as its target, prefilled (nothing starts until Start is pressed). */
export function traceHref(pid: string): string {
	return `${resolve('/trace')}?pid=${encodeURIComponent(pid)}`;
}
