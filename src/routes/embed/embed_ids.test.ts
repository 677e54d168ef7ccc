import { describe, expect, it } from 'vitest';
import { embedSandboxId, frameIndex } from './embed_ids';

describe('embedSandboxId', () => {
	it('is the same for the same link and frame, and differs between frames and links', async () => {
		const a0 = await embedSandboxId('1.abc', 0);
		expect(a0).toMatch(/^embed-[0-9a-f]{12}-0$/);
		expect(await embedSandboxId('1.abc', 0)).toBe(a0);
		expect(await embedSandboxId('1.abc', 1)).not.toBe(a0);
		expect(await embedSandboxId('1.abd', 0)).not.toBe(a0);
	});

	it('is an id the sandbox operations take', async () => {
		expect(await embedSandboxId('x'.repeat(2000), 99)).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
	});
});

describe('frameIndex', () => {
	it("is the frame's place among its parent's frames, 0 when not embedded", () => {
		const frames: Window[] = [];
		const parent = { length: 3 } as unknown as Window & Record<number, Window>;
		for (let i = 0; i < 3; i++) {
			frames.push({ parent } as unknown as Window);
			parent[i] = frames[i];
		}
		expect(frames.map(frameIndex)).toEqual([0, 1, 2]);
		const alone = {} as { parent: unknown };
		alone.parent = alone;
		expect(frameIndex(alone as Window)).toBe(0);
	});
});
