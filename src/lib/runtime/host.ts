/**
 * The runtime's second door, for the code that hosts nodes (the system node, a sandbox's host,
 * Arsenal, the event stream) and never for learner code: introspection, fault injection, code
 * change, pid values and helpers, reason text. `index.ts` is the contract learners program
 * against; this adds what a host needs to look inside and act on a node. Nothing outside
 * `lib/runtime/` imports any other runtime file (the lint says so).
 */
export { awaitingReply, callReplyTag, callRequestOf } from './call_watch';
export { changeCode, suspend } from './code_change';
export { currentPid } from './current';
export { describeReason } from './errors';
export { injectFault } from './faults';
export { pidOf, queuedMessages, supervisorInfo, type SupervisorInfo } from './introspection';
export { isPid, isRef, Pid, Ref } from './pid';
export { CallReply, CallRequest, CastRequest } from './internal/call';
export {
	attachDistribution,
	liveLocal,
	nodeNumber,
	localPid,
	onExit,
	remoteDeliver,
	remoteDown,
	remoteExit,
	type DistributionHooks
} from './remote';
export { SERVER_BEHAVIOURS } from './internal/status';
export { seededRandom } from './random';
export { checkInit, type SupervisorState } from './supervisor';
export { nodeTimeout } from './node_timer';
export {
	clearTraceFlags,
	messageKind,
	messagePayload,
	setTraceFlags,
	traceFlagBits,
	tracedCount,
	TRACE_FLAGS,
	type MessageKind,
	type TraceFlag,
	type TraceSink
} from './trace_flags';
