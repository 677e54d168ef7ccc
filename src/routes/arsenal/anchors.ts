/**
 * The page's hash names the operation shown (`#kill_process`) or a category of the list to
 * scroll to (`#category-processes`); a category keeps the operation shown before.
 */
export const CATEGORY_ANCHOR = 'category-';

/** The operation a hash names, or `previous` when it names a category (or nothing but `#`). */
export function operationOfHash(hash: string, previous: string | undefined): string | undefined {
	const name = decodeURIComponent(hash.replace(/^#/, ''));
	if (name.startsWith(CATEGORY_ANCHOR)) return previous;
	return name || undefined;
}
