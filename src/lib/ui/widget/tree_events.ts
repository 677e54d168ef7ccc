/**
 * The restarts and exits in a widget's tree, as its host hears of them (the embed's `event`
 * message, a lesson's progress): plain data, the reasons written as Erlang prints them.
 */
import type { EventBatch } from '$lib/stream/events';
import type { WidgetBody } from '$lib/share/embed_protocol';
import { formatTerm } from '$lib/observer/text';

/** A restart or an exit, as the embed protocol's `event` message carries it. */
export type TreeEvent = Extract<WidgetBody, { type: 'event' }>['event'];

/** The restarts and exits of `batches`, in the order the node made them. */
export function treeEvents(batches: readonly EventBatch[]): TreeEvent[] {
	return batches.flatMap(({ events }) =>
		events.flatMap((event): TreeEvent[] => {
			if (event.type === 'exit') {
				return [{ kind: 'exit', pid: event.pid, reason: formatTerm(event.reason) }];
			}
			if (event.type !== 'restart') return [];
			const { supervisor, childId, oldPid, newPid, reason } = event;
			return [
				{
					kind: 'restart',
					supervisor,
					childId,
					...(oldPid !== undefined && { oldPid }),
					...(newPid !== undefined && { newPid }),
					reason: formatTerm(reason)
				}
			];
		})
	);
}
