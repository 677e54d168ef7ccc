/**
 * A value as the text of a link's hash (`/share#<payload>`, `/embed#<payload>`), so that what is
 * shared never reaches a server: JSON, compressed with `CompressionStream('deflate-raw')`, a
 * CRC-32 of the JSON after it (a link cut short or mistyped is told from one that was sent), in
 * base64url, after the codec's version: `1.<base64url>`.
 *
 * Decoding never throws: a link is untrusted text, so every way it can be wrong — empty, not
 * base64url, cut short, damaged, not JSON, too large once inflated, from a newer SuperLearner —
 * is an answer with a sentence for the learner.
 *
 * ```ts
 * const payload = await encodeShare({ files, entry });   // '1.q1YqzU1NVbJSKsrPS…'
 * const read = await decodeShare(payload);              // { ok: true, value: { files, entry } }
 * ```
 */

/** The codec's version, first in every payload. */
export const SHARE_CODEC_VERSION = 1;
/** The most JSON a payload may inflate to: a shared experiment is a few files, not a zip bomb. */
export const MAX_SHARED_BYTES = 1_000_000;

export type ShareProblem = 'empty' | 'future' | 'not_a_link' | 'damaged' | 'too_large' | 'not_json';

export type Decoded =
	{ ok: true; value: unknown } | { ok: false; problem: ShareProblem; message: string };

const PREFIX = /^(\d+)\.([A-Za-z0-9_-]*)$/;

/** `value` as a link payload. */
export async function encodeShare(value: unknown): Promise<string> {
	const json = new TextEncoder().encode(JSON.stringify(value));
	const deflated = await pipe(json, new CompressionStream('deflate-raw'));
	const bytes = new Uint8Array(deflated.length + 4);
	bytes.set(deflated);
	new DataView(bytes.buffer).setUint32(deflated.length, crc32(json));
	return `${SHARE_CODEC_VERSION}.${toBase64Url(bytes)}`;
}

/** What a payload holds, or why it cannot be read. */
export async function decodeShare(payload: string): Promise<Decoded> {
	const text = payload.trim().replace(/^#/, '');
	if (text === '') return problem('empty', 'The link has nothing after its #: it was cut short.');
	const match = PREFIX.exec(text);
	if (!match) {
		return problem(
			'not_a_link',
			'This is not a SuperLearner link: the text after # is not one we write.'
		);
	}
	const version = Number(match[1]);
	if (version > SHARE_CODEC_VERSION) {
		return problem(
			'future',
			`This link was made by a newer SuperLearner (link format ${version}; this one reads ${SHARE_CODEC_VERSION}). Reload the page to get the newest.`
		);
	}
	if (version < 1) return problem('not_a_link', `There is no link format ${version}.`);
	const bytes = fromBase64Url(match[2]);
	if (!bytes || bytes.length < 5) {
		return problem('damaged', 'The link is cut short or damaged: copy it again, whole.');
	}
	const expected = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 4);
	let json: Uint8Array;
	try {
		json = await inflate(bytes.subarray(0, bytes.length - 4));
	} catch (error) {
		if (error instanceof TooLarge) {
			return problem(
				'too_large',
				`The link holds more than ${MAX_SHARED_BYTES / 1_000_000} MB once unpacked: it is not one we write.`
			);
		}
		return problem('damaged', 'The link is cut short or damaged: copy it again, whole.');
	}
	if (crc32(json) !== expected) {
		return problem('damaged', 'The link is damaged (its check does not match): copy it again.');
	}
	try {
		return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)) };
	} catch {
		return problem('not_json', 'The link unpacks to something that is not an experiment.');
	}
}

function problem(kind: ShareProblem, message: string): Decoded {
	return { ok: false, problem: kind, message };
}

class TooLarge extends Error {}

/** Inflates, stopping (with TooLarge) once the output passes MAX_SHARED_BYTES. */
async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([bytes as BlobPart])
		.stream()
		.pipeThrough(new DecompressionStream('deflate-raw'));
	const reader = stream.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.length;
		if (total > MAX_SHARED_BYTES) {
			await reader.cancel().catch(() => {});
			throw new TooLarge();
		}
		chunks.push(value);
	}
	return concat(chunks, total);
}

async function pipe(bytes: Uint8Array, transform: CompressionStream): Promise<Uint8Array> {
	const buffer = await new Response(
		new Blob([bytes as BlobPart]).stream().pipeThrough(transform)
	).arrayBuffer();
	return new Uint8Array(buffer);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
	const out = new Uint8Array(total);
	let at = 0;
	for (const chunk of chunks) {
		out.set(chunk, at);
		at += chunk.length;
	}
	return out;
}

function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The bytes of base64url text, or null when it is not (a length no encoding gives). */
function fromBase64Url(text: string): Uint8Array | null {
	if (text.length % 4 === 1) return null;
	try {
		const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
		return Uint8Array.from(binary, (c) => c.charCodeAt(0));
	} catch {
		return null;
	}
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

/** CRC-32 (IEEE), as zip and PNG compute it. */
export function crc32(bytes: Uint8Array): number {
	let crc = 0xffffffff;
	for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}
