/**
 * What the page tells a learner about an incident of the system (system/host.ts): what died,
 * what was restarted, and what became of their sandboxes.
 */
import type { Incident } from '$lib/system/host';

export interface IncidentText {
	title: string;
	body: string;
}

export function describeIncident(incident: Incident): IncidentText {
	const died = `${incident.process} died (${incident.reason})`;
	if (incident.status === 'failed') {
		return {
			title: `${died} and SuperLearner could not restart it`,
			body: `${incident.failure ?? ''} ${AUTOSAVED}`.trim()
		};
	}
	const wholeNode = incident.process === 'SuperLearner.Supervisor';
	if (incident.status === 'healing') {
		return {
			title: died,
			body: wholeNode
				? 'Restarting the system node, then your running sandboxes from their files…'
				: 'Restarting it, then your running sandboxes from their files…'
		};
	}
	const restarted = wholeNode ? 'The system node was restarted.' : 'It was restarted.';
	return {
		title: `${died} and was restarted`,
		body: [restarted, sandboxesLine(incident.sandboxes), wholeNode ? PIDS_REUSED : '']
			.filter(Boolean)
			.join(' ')
	};
}

const AUTOSAVED =
	'Files you edited in the sandbox editor are saved in this browser and survive a reload.';
const PIDS_REUSED =
	"The system's processes started afresh: a pid noted before may now name another process.";

function sandboxesLine({ kept, restarted, failed }: Incident['sandboxes']): string {
	if (kept.length === 0) return '';
	const lines: string[] = [];
	if (restarted.length > 0) {
		lines.push(`Your running sandboxes were restarted from their files: ${restarted.join(', ')}.`);
	}
	for (const { id, reason } of failed) lines.push(`Sandbox ${id} did not start again: ${reason}.`);
	if (restarted.length === 0 && failed.length === 0) {
		lines.push(
			kept.length === 1
				? 'Your sandbox was kept with its files; it was not running.'
				: `Your ${kept.length} sandboxes were kept with their files; none was running.`
		);
	}
	return lines.join(' ');
}
