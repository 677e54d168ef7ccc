import { describe, expect, it } from 'vitest';
import { createSystemNode } from '$lib/core/system_node';
import { handle } from './http';

let clock = 1_000;
const node = createSystemNode(() => clock);
const request = (method: string, path: string) =>
	handle({ method, url: `http://127.0.0.1:4173${path}`, headers: {}, body: null }, { node });

describe('handle', () => {
	it('answers GET /api/v1/health with the node name and uptime', async () => {
		clock = 3_500;
		expect(await request('GET', '/api/v1/health?verbose=1')).toEqual({
			status: 200,
			body: { data: { status: 'ok', node: 'system@superlearner', uptimeMs: 2_500 } }
		});
	});

	it('answers an unknown route with 404 not_found', async () => {
		expect(await request('GET', '/api/v1/x')).toEqual({
			status: 404,
			body: { error: { code: 'not_found', message: 'No API route GET /api/v1/x.' } }
		});
	});

	it('answers a known route with the wrong method with 405 and Allow', async () => {
		expect(await request('DELETE', '/api/v1/health')).toEqual({
			status: 405,
			headers: { allow: 'GET' },
			body: {
				error: {
					code: 'method_not_allowed',
					message: '/api/v1/health accepts GET, not DELETE.'
				}
			}
		});
	});

	it('turns a failing handler into 500 operation_failed', async () => {
		const broken = {
			...node,
			uptimeMs: () => {
				throw new Error('clock stopped');
			}
		};
		const res = await handle(
			{ method: 'GET', url: 'http://localhost/api/v1/health', headers: {}, body: null },
			{ node: broken }
		);
		expect(res).toEqual({
			status: 500,
			body: {
				error: {
					code: 'operation_failed',
					message: 'GET /api/v1/health failed: clock stopped'
				}
			}
		});
	});
});
