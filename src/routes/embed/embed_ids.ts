/**
 * The sandbox id of an embedded widget. The learner's edits are kept under it, so it must be the
 * same when the course page is reloaded, and differ between two widgets of one page, even of the
 * same experiment (each sandbox is claimed by one editor at a time): a digest of the experiment's
 * link, and the frame's place among the page's frames.
 *
 * ```ts
 * await embedSandboxId(payload, frameIndex(window)); // 'embed-3f2a9c01d4e5-0'
 * ```
 */

/** Hex characters of the digest kept: 48 bits, plenty for one learner's embeds. */
const DIGEST_CHARS = 12;

export async function embedSandboxId(payload: string, frame: number): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(payload));
	const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
	return `embed-${hex.slice(0, DIGEST_CHARS)}-${frame}`;
}

/** The frame's index among its parent's frames (readable across origins); 0 when not embedded. */
export function frameIndex(self: Window): number {
	const parent = self.parent;
	if (parent === self) return 0;
	for (let i = 0; i < parent.length; i++) if (parent[i] === self) return i;
	return 0;
}
