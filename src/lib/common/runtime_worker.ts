/**
 * The runtime worker's names (`new Worker(…, { name })`), which also tell it what to boot: the
 * app's whole system node, or a lean one for an embedded widget (no demo application, nothing
 * kept between visits), so that several widgets on one course page fit in its memory.
 */
export const RUNTIME_WORKER_NAME = {
	full: 'superlearner-runtime',
	lean: 'superlearner-runtime-lean'
} as const;
