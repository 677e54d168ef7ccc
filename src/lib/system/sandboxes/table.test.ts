import { describe, expect, it } from 'vitest';
import { WireError } from '$lib/arsenal/wire';
import { EXAMPLE_FILES } from '$lib/arsenal/sandbox_examples';
import { Sandbox } from './sandbox';
import { SandboxMirror } from './mirror';
import { SandboxTable } from './table';
import type { SandboxWorker } from './frame_link';

/** A sandbox whose worker never answers `execute`, and whose termination fails the call pending. */
function stuckSandbox(table: SandboxTable): Sandbox {
	const sb = new Sandbox('spin', EXAMPLE_FILES, 'main.ts', 0);
	let failPending: (error: Error) => void = () => {};
	const worker: SandboxWorker = {
		api: {
			execute: () => new Promise((_, reject) => (failPending = reject)),
			load: () => Promise.reject(new Error('unused')),
			swap: () => Promise.reject(new Error('unused')),
			stop: () => Promise.resolve(),
			loadTests: () => Promise.reject(new Error('unused')),
			runTest: () => Promise.reject(new Error('unused')),
			experiment: () => Promise.reject(new Error('unused'))
		},
		boot: () => Promise.resolve(),
		terminate: (reason) =>
			failPending(new WireError('noproc', `The sandbox worker is gone: ${reason}.`))
	};
	sb.worker = worker;
	sb.mirror = new SandboxMirror(sb.nodeName, 7);
	sb.status = 'running';
	table.byId.set(sb.id, sb);
	return sb;
}

describe('SandboxTable', () => {
	it('answers unresponsive, naming the sandbox, when the watchdog ends a worker mid-call', async () => {
		const table = new SandboxTable();
		const sb = stuckSandbox(table);
		const answer = table.nodes()[0].remote!.execute('send_message', { pid: 'Spinner' });
		// What the watchdog does to a worker that stopped heartbeating.
		sb.detach('unresponsive: no heartbeat for 2 s');
		sb.status = 'killed';
		sb.reason = 'unresponsive';
		await expect(answer).rejects.toMatchObject({
			code: 'unresponsive',
			message:
				"Sandbox 'spin' stopped answering during send_message: its code ran for 2 s without yielding (an endless loop?), and the watchdog ended it.",
			details: { id: 'spin', operation: 'send_message' }
		});
	});

	it('keeps noproc for a call cut short by a stop', async () => {
		const table = new SandboxTable();
		const sb = stuckSandbox(table);
		const answer = table.nodes()[0].remote!.execute('send_message', { pid: 'Spinner' });
		sb.detach('the sandbox was stopped');
		sb.status = 'stopped';
		await expect(answer).rejects.toMatchObject({ code: 'noproc' });
	});
});

describe('creation times', () => {
	it('are later than every other, even within one millisecond and after a reload', () => {
		const table = new SandboxTable();
		expect([table.creationTime(1_000), table.creationTime(1_000), table.creationTime(999)]).toEqual(
			[1_000, 1_001, 1_002]
		);
		table.adopt(new Sandbox('old', EXAMPLE_FILES, 'main.ts', 5_000));
		expect(table.creationTime(1_000)).toBe(5_001);
		expect(table.creationTime(9_000)).toBe(9_000);
	});
});
