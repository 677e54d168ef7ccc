import { describe, expect, it } from 'vitest';
import { EMBED_PROTOCOL_VERSION, readHostMessage, widgetMessage } from './embed_protocol';

describe('the embed protocol', () => {
	it('stamps the widget’s messages with their source', () => {
		expect(widgetMessage({ type: 'ready', version: EMBED_PROTOCOL_VERSION })).toEqual({
			source: 'superlearner',
			type: 'ready',
			version: 1
		});
		expect(widgetMessage({ type: 'status', status: 'killed', reason: 'unresponsive' })).toEqual({
			source: 'superlearner',
			type: 'status',
			status: 'killed',
			reason: 'unresponsive'
		});
	});

	it('reads each host message, and what is not ours as nothing', () => {
		const ours = (m: object) => readHostMessage({ source: 'superlearner', ...m });
		expect(ours({ type: 'run' })).toEqual({ ok: true, message: { type: 'run' } });
		expect(ours({ type: 'stop', extra: 1 })).toEqual({ ok: true, message: { type: 'stop' } });
		expect(ours({ type: 'load', experiment: '1.abc' })).toEqual({
			ok: true,
			message: { type: 'load', experiment: '1.abc' }
		});
		expect(ours({ type: 'setTheme', theme: 'dark' })).toEqual({
			ok: true,
			message: { type: 'setTheme', theme: 'dark' }
		});
		for (const other of [null, 'run', 42, { type: 'run' }, { source: 'devtools', type: 'run' }]) {
			expect(readHostMessage(other)).toBeNull();
		}
	});

	it('warns of one of ours it cannot act on, which it ignores', () => {
		const ours = (m: object) => readHostMessage({ source: 'superlearner', ...m });
		expect(ours({ type: 'explode' })).toEqual({
			ok: false,
			warning:
				'A message of unknown type "explode" was ignored (the widget knows run, stop, load and setTheme).'
		});
		expect(ours({ type: 'load' })).toMatchObject({
			ok: false,
			warning: expect.stringMatching(/without an experiment/) as string
		});
		expect(ours({ type: 'setTheme', theme: 'pink' })).toMatchObject({ ok: false });
	});
});
