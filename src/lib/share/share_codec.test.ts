import { describe, expect, it } from 'vitest';
import { seededRandom } from '$lib/runtime/host';
import { TEMPLATES } from '$lib/sandbox/templates';
import {
	crc32,
	decodeShare,
	encodeShare,
	MAX_SHARED_BYTES,
	SHARE_CODEC_VERSION
} from './share_codec';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('share links', () => {
	it.each(TEMPLATES.map((t) => [t.id, t] as const))(
		'%s: round trip, in a link of the codec’s version',
		async (_id, template) => {
			const value = { files: template.files, entry: template.entry };
			const payload = await encodeShare(value);
			expect(payload).toMatch(new RegExp(`^${SHARE_CODEC_VERSION}\\.[A-Za-z0-9_-]+$`));
			expect(await decodeShare(payload)).toEqual({ ok: true, value });
			// As it comes out of a URL's hash, too.
			expect(await decodeShare(`#${payload}`)).toEqual({ ok: true, value });
		}
	);

	it('computes CRC-32 as zip does', () => {
		expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
	});

	it('says what is wrong with a link, in a sentence', async () => {
		const good = await encodeShare({ files: { 'main.ts': 'export default {}' } });
		const cases: Array<[string, string, RegExp]> = [
			['', 'empty', /cut short/],
			['hello world', 'not_a_link', /not a SuperLearner link/],
			[`9.${good.slice(2)}`, 'future', /newer SuperLearner \(link format 9/],
			['0.AAAA', 'not_a_link', /no link format 0/],
			[good.slice(0, good.length - 6), 'damaged', /cut short or damaged|damaged/],
			['1.A', 'damaged', /cut short or damaged/]
		];
		for (const [payload, kind, message] of cases) {
			const read = await decodeShare(payload);
			expect(read.ok, payload).toBe(false);
			if (!read.ok) {
				expect(read.problem, payload).toBe(kind);
				expect(read.message, payload).toMatch(message);
			}
		}
	});

	it('tells a changed character from the link that was sent (its check)', async () => {
		const payload = await encodeShare({ files: { 'main.ts': 'export default { name: "A" }' } });
		const at = payload.length - 8;
		const other = payload[at] === 'A' ? 'B' : 'A';
		const read = await decodeShare(payload.slice(0, at) + other + payload.slice(at + 1));
		expect(read).toMatchObject({ ok: false, problem: 'damaged' });
	});

	it('refuses a link that unpacks past the limit, without unpacking it all', async () => {
		const bomb = await encodeShare('x'.repeat(MAX_SHARED_BYTES * 3));
		expect(bomb.length).toBeLessThan(10_000);
		expect(await decodeShare(bomb)).toMatchObject({ ok: false, problem: 'too_large' });
	});

	it('answers 10,000 mutated and random payloads, never throwing', async () => {
		const next = seededRandom(20261206);
		const pick = (s: string) => s[Math.floor(next() * s.length)];
		const seeds = await Promise.all(
			TEMPLATES.slice(0, 3).map((t) => encodeShare({ files: t.files, entry: t.entry }))
		);
		const problems = new Set<string>();
		let accepted = 0;
		for (let i = 0; i < 10_000; i++) {
			let payload: string;
			const base = seeds[i % seeds.length];
			switch (i % 5) {
				case 0: {
					// One character changed.
					const at = Math.floor(next() * base.length);
					payload = base.slice(0, at) + pick(BASE64URL) + base.slice(at + 1);
					break;
				}
				case 1:
					// Cut short.
					payload = base.slice(0, Math.floor(next() * base.length));
					break;
				case 2: {
					// A run of characters removed from the middle.
					const at = Math.floor(next() * base.length);
					payload = base.slice(0, at) + base.slice(at + 1 + Math.floor(next() * 20));
					break;
				}
				case 3:
					// Random base64url after a valid prefix.
					payload = `1.${Array.from({ length: Math.floor(next() * 400) }, () => pick(BASE64URL)).join('')}`;
					break;
				default:
					// Random text of any characters.
					payload = Array.from({ length: Math.floor(next() * 60) }, () =>
						String.fromCharCode(Math.floor(next() * 0x3000))
					).join('');
			}
			const read = await decodeShare(payload);
			if (read.ok) accepted++;
			else {
				expect(read.message.length).toBeGreaterThan(10);
				problems.add(read.problem);
			}
		}
		// A changed character is almost always caught by the check; what passes it is JSON.
		expect(accepted).toBeLessThan(50);
		expect([...problems].sort()).toEqual(['damaged', 'empty', 'not_a_link']);
	}, 60_000); // 10,000 decodes: seconds when the machine is busy
});
