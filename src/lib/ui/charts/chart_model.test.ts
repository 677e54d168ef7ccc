import { describe, expect, it } from 'vitest';
import { categoryLabel, describeChart, withAlpha, type SeriesSpec } from './chart_model';

const restarts: SeriesSpec[] = [{ label: 'Restarts', tone: 'danger', format: (v) => `${v}/min` }];
const clock = (ms: number) => `t${ms}`;

describe('describeChart', () => {
	it('says when there is no data', () => {
		expect(describeChart('Restart rate', restarts, [[], []], { kind: 'time' }, clock)).toBe(
			'Restart rate: no data yet.'
		);
	});

	it('gives the span, then each series’ latest value and peak', () => {
		const text = describeChart(
			'Restart rate',
			[...restarts, { label: 'Use', tone: 'warn' }],
			[
				[1000, 2000, 3000],
				[1, 4, 2],
				[null, null, null]
			],
			{ kind: 'time' },
			clock
		);
		expect(text).toBe(
			'Restart rate, 3 points from t1000 to t3000. Restarts: latest 2/min, peak 4/min; Use: no values.'
		);
	});

	it('names the largest categories first', () => {
		const text = describeChart(
			'Crash reasons',
			[{ label: 'Crashes', tone: 'danger' }],
			[
				[0, 1, 2, 3],
				[2, 9, 1, 5]
			],
			{ kind: 'categories', names: ['kill', 'boom', 'normal', 'timeout'] },
			clock
		);
		expect(text).toBe('Crash reasons: 4 categories; largest: boom 9, timeout 5, kill 2.');
	});
});

describe('withAlpha', () => {
	it('scales the colour’s own alpha', () => {
		expect(withAlpha('#6d28d9', 0.5)).toBe('rgba(109, 40, 217, 0.5)');
		expect(withAlpha('rgb(167 139 250 / 0.5)', 0.5)).toBe('rgba(167, 139, 250, 0.25)');
	});

	it('leaves a colour it cannot read unchanged', () => {
		expect(withAlpha('color-mix(in srgb, red, blue)', 0.5)).toBe('color-mix(in srgb, red, blue)');
	});
});

describe('categoryLabel', () => {
	it('clips long names with an ellipsis', () => {
		expect(categoryLabel('shutdown')).toBe('shutdown');
		expect(categoryLabel('reached_max_restart_intensity', 10)).toBe('reached_m…');
	});
});
