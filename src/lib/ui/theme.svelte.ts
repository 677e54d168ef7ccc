/**
 * The page's colour theme: the system's light or dark (`auto`), or one forced — an embed's
 * `theme` option, and its host's `setTheme` at any time. It is written on the root element as
 * `data-theme="light|dark"`, which app.css's palettes follow; drawings that read the palette in
 * script (the tree, the editor) redraw when `dark` changes.
 *
 * ```ts
 * theme.set('dark'); // theme.dark === true, <html data-theme="dark">
 * ```
 */
export type ThemeMode = 'light' | 'dark' | 'auto';

class Theme {
	mode = $state<ThemeMode>('auto');
	#systemDark = $state(false);

	constructor() {
		const scheme = globalThis.matchMedia?.('(prefers-color-scheme: dark)');
		if (!scheme) return;
		this.#systemDark = scheme.matches;
		scheme.addEventListener('change', () => {
			this.#systemDark = scheme.matches;
			this.#apply();
		});
		this.#apply();
	}

	/** Whether the page is dark now. */
	get dark(): boolean {
		return this.mode === 'dark' || (this.mode === 'auto' && this.#systemDark);
	}

	set(mode: ThemeMode): void {
		this.mode = mode;
		this.#apply();
	}

	#apply(): void {
		if (typeof document !== 'undefined') {
			document.documentElement.dataset.theme = this.dark ? 'dark' : 'light';
		}
	}
}

export const theme = new Theme();
