/**
 * A call to one of SuperLearner's own servers from an operation (runtime worker). A server that
 * is not there, or dies on the request, is a 503 `unavailable`: the system's failure, which its
 * supervisor (or the runtime worker's keeper) is mending.
 */
import { CallExit, type Node } from '$lib/runtime';
import { describeReason } from '$lib/runtime/host';
import { ArsenalError } from '$lib/arsenal/errors';

export async function callSystemServer<T>(
	node: Node,
	server: string,
	request: unknown
): Promise<T> {
	try {
		return await node.call<T>(server, request, 'infinity');
	} catch (error) {
		if (!(error instanceof CallExit)) throw error;
		throw new ArsenalError(
			'unavailable',
			`${server} is not running (${describeReason(error.reason)}); SuperLearner is restarting it, try again in a moment.`,
			{ process: server }
		);
	}
}
