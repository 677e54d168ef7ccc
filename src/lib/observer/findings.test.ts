import { describe, expect, it } from 'vitest';
import type { Finding } from '$lib/arsenal/analyzer_schemas';
import { findingTarget, groupFindings } from './findings';

function finding(over: Partial<Finding>): Finding {
	return {
		id: 'x',
		kind: 'unsupervised',
		severity: 'warning',
		node: 'system@superlearner',
		title: 't',
		explanation: 'e',
		suggestion: 's',
		since: 0,
		figures: {},
		...over
	};
}

describe('groupFindings', () => {
	it('groups by severity, critical first, oldest first within a group, and skips empty ones', () => {
		const groups = groupFindings([
			finding({ id: 'w2', since: 20 }),
			finding({ id: 'c1', severity: 'critical', since: 30 }),
			finding({ id: 'w1', since: 10 })
		]);
		expect(groups.map((g) => [g.label, g.findings.map((f) => f.id)])).toEqual([
			['Critical', ['c1']],
			['Warnings', ['w1', 'w2']]
		]);
	});

	it('gives no group for no finding', () => {
		expect(groupFindings([])).toEqual([]);
	});
});

describe('findingTarget', () => {
	it('links a supervisor to its tree node when its path is known, else to its process page', () => {
		expect(
			findingTarget(
				finding({
					supervisor: '<0.15.0>',
					name: 'Demo.CacheSupervisor',
					path: 'Demo.Supervisor/Demo.CacheSupervisor'
				})
			)
		).toEqual({
			page: 'supervisors',
			node: 'Demo.Supervisor/Demo.CacheSupervisor',
			label: 'Demo.CacheSupervisor'
		});
		expect(findingTarget(finding({ supervisor: '<3.7.0>' }))).toEqual({
			page: 'process',
			pid: '<3.7.0>',
			label: '<3.7.0>'
		});
	});

	it('links a process finding to the process, named when it has a name', () => {
		expect(findingTarget(finding({ pid: '<0.40.0>', name: 'Loner' }))).toEqual({
			page: 'process',
			pid: '<0.40.0>',
			label: 'Loner'
		});
		expect(findingTarget(finding({}))).toBeNull();
	});
});
