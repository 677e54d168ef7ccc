import { describe, expect, it } from 'vitest';
import { templateById } from '$lib/sandbox/templates';
import { demoFiles, demoNodes, DEMO_TEMPLATE } from './netsplit_demo';

describe('the netsplit demo', () => {
	it('starts cluster.nodeCount nodes, each told of all of them', () => {
		expect(demoNodes(3)).toEqual(['a', 'b', 'c']);
		expect(demoNodes(5)).toEqual(['a', 'b', 'c', 'd', 'e']);
		const files = demoFiles(templateById(DEMO_TEMPLATE)!.files, demoNodes(4));
		expect(files['cluster.ts']).toContain(
			"export const CLUSTER = ['a@sim', 'b@sim', 'c@sim', 'd@sim'];"
		);
		expect(Object.keys(files)).toEqual(Object.keys(templateById(DEMO_TEMPLATE)!.files));
	});
});
