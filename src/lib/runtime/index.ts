/**
 * The OTP runtime: the contract of RUNTIME_API.md, and nothing else.
 *
 * ```ts
 * import { createNode, GenServer, Supervisor } from '$lib/runtime';
 * const node = createNode({ name: 'demo@browser' });
 * ```
 */
export type { Pid, Ref } from './pid';
export type {
	Behaviour,
	Caller,
	Dest,
	DownMessage,
	ExitMessage,
	ExitReason,
	Name,
	RemoteName,
	Node,
	NodeOptions,
	ProcessBody,
	ProcessContext,
	ProcessInfo,
	ReceiveOptions,
	SpawnOptions,
	TraceEvent
} from './types';
export { TIMEOUT } from './types';
export type {
	CrashReport,
	Report,
	ReportedChild,
	ReportedError,
	SupervisorErrorContext,
	SupervisorReport
} from './reports';
export { createNode } from './node';
export {
	AlreadyRegisteredError,
	BadargError,
	CallExit,
	NoprocError,
	RuntimeError,
	SystemLimitError
} from './errors';
export type {
	CallResult,
	From,
	GenServerModule,
	InitResult,
	NoReplyResult,
	ServerStatus,
	StartResult
} from './gen_server';
export { GenServer } from './gen_server';
export type { ChildSpec, SupFlags } from './supervision';
export type { ChildCounts, ChildInfo, SupervisorModule } from './supervisor';
export { Supervisor } from './supervisor';
export { DynamicSupervisor } from './dynamic_supervisor';
export { Registry } from './registry';
export type { TaskRef } from './task';
export { Task } from './task';
export { Agent } from './agent';
