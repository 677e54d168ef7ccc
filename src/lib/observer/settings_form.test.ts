import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '$lib/arsenal/config_schemas';
import { draftOf, fieldErrors, groupsOf, isDirty, outcomeText, patchOf } from './settings_form';

describe('settings_form', () => {
	it('groups every setting with its default written for people', () => {
		const groups = groupsOf(DEFAULT_CONFIG);
		expect(groups.map((g) => g.key)).toEqual([
			'analytics',
			'sandboxes',
			'arsenal',
			'cluster',
			'supertester'
		]);
		const limit = groups[2].fields.find((f) => f.path === 'arsenal.rateLimit.limit');
		expect(limit).toMatchObject({ kind: 'number', defaultText: '100 requests' });
		const telemetry = groups[2].fields.find((f) => f.path === 'arsenal.enableTelemetry');
		expect(telemetry).toMatchObject({ kind: 'switch', defaultText: 'on' });
	});

	it('sends numbers as numbers, and text that is none as it is (for the 422 to name)', () => {
		const draft = draftOf(DEFAULT_CONFIG);
		expect(isDirty(draft, DEFAULT_CONFIG)).toBe(false);
		draft['arsenal.rateLimit.limit'] = ' 5 ';
		draft['analytics.scanInterval'] = 'often';
		draft['sandboxes.maxSandboxes'] = '1,000';
		expect(isDirty(draft, DEFAULT_CONFIG)).toBe(true);
		const patch = patchOf(draft);
		expect(patch.arsenal?.rateLimit).toEqual({ limit: 5, windowMs: 60_000 });
		expect(patch.analytics?.scanInterval).toBe('often');
		expect(patch.sandboxes?.maxSandboxes).toBe(1_000);
		expect(patch.arsenal?.enableTelemetry).toBe(true);
	});

	it("reads a 422's issues by field, and says what needs a restart of what", () => {
		const error = {
			details: { issues: [{ field: 'arsenal.rateLimit.limit', reason: 'too small' }] }
		};
		expect(fieldErrors(error)).toEqual({ 'arsenal.rateLimit.limit': 'too small' });
		const text = outcomeText(
			{
				config: DEFAULT_CONFIG,
				applied: ['arsenal.rateLimit.limit'],
				restartRequired: ['sandboxes.maxProcesses'],
				message: '',
				saved: true
			},
			'Saved'
		);
		expect(text).toMatch(/^Saved\. Applied at once: REST requests per window\./);
		expect(text).toMatch(/Processes per sandbox node needs a restart: sandboxes and cluster nodes/);
	});
});
