import { crc32 } from '$lib/share/share_codec';

/**
 * The sandbox a link runs in: `shared-` and a short hash of its payload, so running the same link
 * again reuses its sandbox, and two links get two.
 */
export function sharedSandboxId(payload: string): string {
	const hash = crc32(new TextEncoder().encode(payload.trim().replace(/^#/, '')));
	return `shared-${hash.toString(16).padStart(8, '0')}`;
}
