/**
 * What TimeSeries.svelte needs besides uPlot itself (page thread): the series' colours from the
 * theme's CSS variables, a translucent fill of a colour, the chart's text summary for screen
 * readers, and the labels of a categorical x axis (bars of crash reasons).
 */
import { parseColor } from '../tree_drawing';

/** A theme colour a series is drawn in; each is a variable of app.css. */
export type Tone = 'accent' | 'danger' | 'warn' | 'ok' | 'muted';

export interface SeriesSpec {
	/** Shown in the legend, the readout and the summary. */
	label: string;
	tone: Tone;
	/** A line joins the points; a step holds each value until the next; bars stand per point. */
	kind?: 'line' | 'step' | 'bars';
	/** How a value reads (`3 restarts`, `40 %`); the number alone otherwise. */
	format?: (value: number) => string;
}

/** uPlot's aligned data: the x values, then one array of y values per series. */
export type ChartData = [xs: number[], ...ys: Array<Array<number | null>>];

/** The x axis: epoch or node-clock milliseconds drawn as times, or named categories at 0…n-1. */
export type XAxis = { kind: 'time' } | { kind: 'categories'; names: readonly string[] };

export interface ChartTheme {
	text: string;
	muted: string;
	border: string;
	font: string;
	tones: Record<Tone, string>;
}

const TONE_VARIABLES: Record<Tone, string> = {
	accent: '--accent',
	danger: '--danger',
	warn: '--warn',
	ok: '--ok',
	muted: '--muted'
};

/** The theme as the page shows it now (light or dark). */
export function readChartTheme(element: Element): ChartTheme {
	const style = getComputedStyle(element);
	const read = (name: string) => style.getPropertyValue(name).trim();
	const tones = {} as Record<Tone, string>;
	for (const [tone, name] of Object.entries(TONE_VARIABLES) as Array<[Tone, string]>) {
		tones[tone] = read(name);
	}
	return {
		text: read('--text'),
		muted: read('--muted'),
		border: read('--border'),
		font: `12px ${read('--font-sans')}`,
		tones
	};
}

/** `color` at `alpha` as `rgba(…)` for a canvas; the colour unchanged when it cannot be read. */
export function withAlpha(color: string, alpha: number): string {
	const rgba = parseColor(color);
	if (!rgba) return color;
	const [r, g, b, a] = rgba;
	return `rgba(${r}, ${g}, ${b}, ${+(a * alpha).toFixed(3)})`;
}

/** A category's axis label, short enough to sit under its bar on a phone. */
export function categoryLabel(name: string, max = 14): string {
	return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

/**
 * One or two sentences saying what the chart shows: per series its latest value and its peak,
 * or for categories the largest ones. Empty data says so.
 */
export function describeChart(
	label: string,
	series: readonly SeriesSpec[],
	data: ChartData,
	x: XAxis,
	formatX: (x: number) => string
): string {
	const xs = data[0];
	if (xs.length === 0) return `${label}: no data yet.`;
	const format = (spec: SeriesSpec, v: number) => (spec.format ? spec.format(v) : String(v));
	if (x.kind === 'categories') {
		const ys = data[1] ?? [];
		const ranked = xs
			.map((i, k) => ({ name: x.names[i] ?? String(i), value: ys[k] ?? 0 }))
			.sort((a, b) => b.value - a.value)
			.slice(0, 3)
			.map((c) => `${c.name} ${format(series[0], c.value)}`);
		return `${label}: ${xs.length} categor${xs.length === 1 ? 'y' : 'ies'}; largest: ${ranked.join(', ')}.`;
	}
	const span = `from ${formatX(xs[0])} to ${formatX(xs[xs.length - 1])}`;
	const parts = series.map((spec, s) => {
		const column: ReadonlyArray<number | null> = data[s + 1] ?? [];
		const values = column.filter((v): v is number => v !== null);
		if (values.length === 0) return `${spec.label}: no values`;
		const peak = values.reduce((a, b) => Math.max(a, b));
		return `${spec.label}: latest ${format(spec, values[values.length - 1])}, peak ${format(spec, peak)}`;
	});
	return `${label}, ${xs.length} point${xs.length === 1 ? '' : 's'} ${span}. ${parts.join('; ')}.`;
}
