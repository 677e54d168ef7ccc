/**
 * The timelines the operations read (`ArsenalContext.timeline`): the system node's own, the
 * sandbox nodes', the inputs recorded for a replay, and the replay itself. Runtime worker.
 */
import type {
	Recording,
	ReplayInput,
	ReplayOutcome,
	TimelineService
} from '$lib/arsenal/timeline_schemas';
import type { InputRecorder } from './inputs';
import { replay } from './replay';
import type { SandboxTimelines } from './sources';
import type { Timeline } from './timeline';

export class Timelines implements TimelineService {
	readonly defaultNode: string;
	readonly #system: Timeline;
	readonly #sandboxes: SandboxTimelines;
	readonly #inputs: InputRecorder;

	constructor(system: Timeline, sandboxes: SandboxTimelines, inputs: InputRecorder) {
		this.defaultNode = system.node;
		this.#system = system;
		this.#sandboxes = sandboxes;
		this.#inputs = inputs;
	}

	get(node: string): Timeline | undefined {
		return node === this.defaultNode ? this.#system : this.#sandboxes.get(node);
	}

	nodes(): string[] {
		return [this.defaultNode, ...this.#sandboxes.nodes()];
	}

	moment(node: string, at: number) {
		return this.get(node)?.moment(at);
	}

	range(node: string) {
		return this.get(node)?.range();
	}

	events(node: string, q: { from: number; to: number; offset: number; limit: number }) {
		return this.get(node)?.events(q.from, q.to, q.offset, q.limit);
	}

	recordedInputs(): ReplayInput[] {
		return this.#inputs.inputs();
	}

	replay(recording: Recording, referenceDigest?: string): Promise<ReplayOutcome> {
		return replay(
			recording,
			referenceDigest === undefined ? undefined : { digest: referenceDigest }
		);
	}
}
