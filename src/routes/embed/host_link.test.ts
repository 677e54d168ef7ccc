import { afterEach, describe, expect, it, vi } from 'vitest';
import { EMBED_PROTOCOL_VERSION, type HostMessage } from '$lib/share/embed_protocol';
import { HostLink } from './host_link';

/** A frame and the window that embeds it, as far as the link uses them. */
function framed() {
	const posted: Array<{ message: unknown; origin: string }> = [];
	const parent = {
		postMessage: (message: unknown, origin: string) => posted.push({ message, origin })
	};
	const target = new EventTarget();
	const self = Object.assign(target, { parent }) as unknown as Window;
	const from = (source: unknown, origin: string, data: unknown) =>
		target.dispatchEvent(Object.assign(new Event('message'), { source, origin, data }));
	return { self, parent, posted, from };
}

describe('HostLink', () => {
	afterEach(() => vi.restoreAllMocks());

	it('posts to its parent only, with the origin option as the target origin', () => {
		const { self, posted } = framed();
		new HostLink(self).post({ type: 'ready', version: EMBED_PROTOCOL_VERSION });
		new HostLink(self, 'https://course.example').post({ type: 'resize', height: 300 });
		expect(posted).toEqual([
			{ message: { source: 'superlearner', type: 'ready', version: 1 }, origin: '*' },
			{
				message: { source: 'superlearner', type: 'resize', height: 300 },
				origin: 'https://course.example'
			}
		]);
	});

	it('posts nothing when no page embeds it', () => {
		const alone = new EventTarget() as unknown as Window & { parent: unknown };
		alone.parent = alone;
		const post = vi.fn();
		Object.assign(alone, { postMessage: post });
		new HostLink(alone).post({ type: 'ready', version: 1 });
		expect(post).not.toHaveBeenCalled();
	});

	it("hears its parent's messages, from the origin option's origin only", () => {
		const { self, parent, from } = framed();
		const heard: HostMessage[] = [];
		const stop = new HostLink(self, 'https://course.example').listen((m) => heard.push(m));
		const run = { source: 'superlearner', type: 'run' };
		from(parent, 'https://course.example', run);
		from(parent, 'https://evil.example', run);
		from({}, 'https://course.example', run); // another window of the same origin
		stop();
		from(parent, 'https://course.example', run);
		expect(heard).toEqual([{ type: 'run' }]);
	});

	it('warns of a message of ours it cannot act on, and ignores what is not ours quietly', () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const { self, parent, from } = framed();
		const heard: HostMessage[] = [];
		new HostLink(self).listen((m) => heard.push(m));
		from(parent, 'https://any.example', { source: 'superlearner', type: 'explode' });
		from(parent, 'https://any.example', { type: 'run' });
		from(parent, 'https://any.example', 'hello');
		expect(heard).toEqual([]);
		expect(warn).toHaveBeenCalledTimes(1);
		expect(warn.mock.calls[0][0]).toMatch(/unknown type "explode"/);
	});
});
