// Type tests for the contract in RUNTIME_API.md: vitest type-checks this file (typecheck.include)
// and also runs it, so each test makes one runtime assertion about the value it types.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
	Agent,
	AlreadyRegisteredError,
	BadargError,
	CallExit,
	DynamicSupervisor,
	GenServer,
	NoprocError,
	Registry,
	RuntimeError,
	Supervisor,
	SystemLimitError,
	TIMEOUT,
	Task,
	createNode,
	type CallResult,
	type Caller,
	type ChildSpec,
	type Dest,
	type ExitReason,
	type From,
	type GenServerModule,
	type InitResult,
	type Name,
	type Node,
	type NoReplyResult,
	type Pid,
	type ProcessContext,
	type Ref,
	type RemoteName,
	type ServerStatus,
	type StartResult,
	type SupFlags,
	type TaskRef,
	type Report,
	type TraceEvent
} from './index';

declare const _ctx: ProcessContext;

type Children = Array<{
	id: string;
	pid: Pid | 'restarting' | undefined;
	type: 'worker' | 'supervisor';
	modules: string[];
}>;
type Counts = { specs: number; active: number; supervisors: number; workers: number };

describe('runtime types', () => {
	it('types StartResult as ok, error or ignore', () => {
		expectTypeOf<StartResult>().toEqualTypeOf<['ok', Pid] | ['error', unknown] | 'ignore'>();
		expect(typeof GenServer.start).toBe('function');
	});

	it('types the gen_server callback results as OTP tuples', () => {
		expectTypeOf<InitResult<number>>().toEqualTypeOf<
			['ok', number] | ['ok', number, number] | ['stop', ExitReason] | 'ignore'
		>();
		expectTypeOf<CallResult<number>>().toEqualTypeOf<
			| ['reply', unknown, number]
			| ['reply', unknown, number, number]
			| ['noreply', number]
			| ['noreply', number, number]
			| ['stop', ExitReason, unknown, number]
			| ['stop', ExitReason, number]
		>();
		expectTypeOf<NoReplyResult<number>>().toEqualTypeOf<
			['noreply', number] | ['noreply', number, number] | ['stop', ExitReason, number]
		>();
		expectTypeOf<['reply', 'ok', string]>().toExtend<CallResult<string>>();
		expectTypeOf<['reply', 'ok', number]>().not.toExtend<CallResult<string>>();
		expectTypeOf<['reply', 'ok']>().not.toExtend<CallResult<string>>();
		expectTypeOf<['ok', string, 'hibernate']>().not.toExtend<InitResult<string>>();
		expectTypeOf<From>().toEqualTypeOf<{ pid: Pid; tag: Ref }>();
		expect(typeof GenServer.reply).toBe('function');
	});

	it('types a GenServerModule by its state', () => {
		const mod: GenServerModule<number, string> = {
			init: (args) => ['ok', args.length],
			handleCall: (_req, _from, n) => ['reply', n, n + 1],
			handleCast: (_msg, n) => ['noreply', n, 100],
			handleInfo: (_msg, n) => ['stop', 'normal', n]
		};
		expectTypeOf(mod.init).parameter(0).toEqualTypeOf<string>();
		expectTypeOf(mod.init).returns.toEqualTypeOf<
			InitResult<number> | Promise<InitResult<number>>
		>();
		expectTypeOf(mod.handleCall).parameter(2).toEqualTypeOf<number>();
		expectTypeOf(mod.handleCall).parameter(3).toEqualTypeOf<ProcessContext>();
		expect(mod.init('abc', undefined as never)).toEqual(['ok', 3]);
	});

	it("types getStatus as sys:get_status's fields, and formatStatus by the state", () => {
		expectTypeOf(GenServer.getStatus).parameters.toEqualTypeOf<[Caller, Dest]>();
		expectTypeOf(GenServer.getStatus).returns.toEqualTypeOf<Promise<ServerStatus>>();
		expectTypeOf<ServerStatus['status']>().toEqualTypeOf<'running' | 'suspended'>();
		expectTypeOf<ServerStatus['parent']>().toEqualTypeOf<Pid | undefined>();
		const mod: GenServerModule<{ secret: string }> = {
			init: () => ['ok', { secret: 'x' }],
			formatStatus: ({ state }) => ({ state: { ...state, secret: '***' } })
		};
		expectTypeOf(mod.formatStatus!).parameter(0).toEqualTypeOf<{ state: { secret: string } }>();
		expect(mod.formatStatus!({ state: { secret: 'x' } })).toEqual({ state: { secret: '***' } });
	});

	it('makes TIMEOUT a unique symbol', () => {
		expectTypeOf<typeof TIMEOUT>().toExtend<symbol>();
		expectTypeOf<symbol>().not.toExtend<typeof TIMEOUT>();
		expectTypeOf<Awaited<ReturnType<typeof _ctx.receive<string>>>>().toEqualTypeOf<
			string | typeof TIMEOUT
		>();
		expect(typeof TIMEOUT).toBe('symbol');
	});

	it('lets both a Node and a ProcessContext call servers, and only a context link', () => {
		expectTypeOf<Node>().toExtend<Caller>();
		expectTypeOf<ProcessContext>().toExtend<Caller>();
		expectTypeOf<Parameters<typeof GenServer.start>[0]>().toEqualTypeOf<Caller>();
		expectTypeOf<ProcessContext>().toExtend<Parameters<typeof GenServer.startLink>[0]>();
		expectTypeOf<Node>().not.toExtend<Parameters<typeof GenServer.startLink>[0]>();
		expectTypeOf<Node>().not.toExtend<Parameters<typeof Supervisor.startLink>[0]>();
		expectTypeOf<Node>().not.toExtend<Parameters<typeof DynamicSupervisor.startLink>[0]>();
		expectTypeOf<Parameters<typeof Task.async>[0]>().toEqualTypeOf<ProcessContext>();
		expectTypeOf<Node['send']>().parameter(0).toEqualTypeOf<Dest>();
		expectTypeOf<Dest>().toEqualTypeOf<Pid | Name | RemoteName>();
		expect(typeof createNode).toBe('function');
	});

	it('types the Supervisor functions as RUNTIME_API.md does', () => {
		expectTypeOf(Supervisor.start).returns.toEqualTypeOf<Promise<StartResult>>();
		expectTypeOf(Supervisor.startChild).returns.toEqualTypeOf<
			Promise<['ok', Pid | undefined] | ['ok', Pid, unknown] | ['error', unknown]>
		>();
		expectTypeOf(Supervisor.terminateChild).returns.toEqualTypeOf<
			Promise<'ok' | ['error', 'not_found']>
		>();
		expectTypeOf(Supervisor.restartChild).returns.toEqualTypeOf<
			Promise<['ok', Pid] | ['error', unknown]>
		>();
		expectTypeOf(Supervisor.deleteChild).returns.toEqualTypeOf<
			Promise<'ok' | ['error', 'running' | 'restarting' | 'not_found']>
		>();
		expectTypeOf(Supervisor.whichChildren).returns.toEqualTypeOf<Promise<Children>>();
		expectTypeOf(Supervisor.countChildren).returns.toEqualTypeOf<Promise<Counts>>();
		expectTypeOf(Supervisor.getChildspec).returns.toEqualTypeOf<
			Promise<['ok', ChildSpec] | ['error', 'not_found']>
		>();
		expectTypeOf(Supervisor.childSpec).returns.toEqualTypeOf<ChildSpec>();
		expectTypeOf<SupFlags['strategy']>().toEqualTypeOf<
			'one_for_one' | 'one_for_all' | 'rest_for_one'
		>();
		expectTypeOf<ChildSpec['restart']>().toEqualTypeOf<
			'permanent' | 'transient' | 'temporary' | undefined
		>();
		expectTypeOf<ChildSpec['shutdown']>().toEqualTypeOf<
			number | 'brutal_kill' | 'infinity' | undefined
		>();
		expectTypeOf<ReturnType<ChildSpec['start']>>().toEqualTypeOf<
			Promise<['ok', Pid] | ['ok', Pid, unknown] | 'ignore' | ['error', unknown]>
		>();
		expect(typeof Supervisor.startChild).toBe('function');
	});

	it('types the DynamicSupervisor functions as RUNTIME_API.md does', () => {
		expectTypeOf(DynamicSupervisor.start).returns.toEqualTypeOf<Promise<StartResult>>();
		expectTypeOf(DynamicSupervisor.startChild).returns.toEqualTypeOf<
			Promise<['ok', Pid] | 'ignore' | ['error', unknown]>
		>();
		type DynamicSpec = Parameters<typeof DynamicSupervisor.startChild>[2];
		expectTypeOf<ChildSpec>().toExtend<DynamicSpec>();
		expectTypeOf<Omit<ChildSpec, 'id'>>().toExtend<DynamicSpec>();
		expectTypeOf(DynamicSupervisor.terminateChild).parameter(2).toEqualTypeOf<Pid>();
		expectTypeOf(DynamicSupervisor.terminateChild).returns.toEqualTypeOf<
			Promise<'ok' | ['error', 'not_found']>
		>();
		expectTypeOf(DynamicSupervisor.whichChildren).returns.toEqualTypeOf<
			Promise<Array<{ id: undefined; pid: Pid; type: 'worker' | 'supervisor'; modules: string[] }>>
		>();
		expectTypeOf(DynamicSupervisor.countChildren).returns.toEqualTypeOf<Promise<Counts>>();
		expect(typeof DynamicSupervisor.startChild).toBe('function');
	});

	it('types Registry, Task and Agent as RUNTIME_API.md does', () => {
		expectTypeOf(Registry.register).returns.toEqualTypeOf<
			['ok', Pid] | ['error', ['already_registered', Pid]]
		>();
		expectTypeOf(Registry.lookup).returns.toEqualTypeOf<Array<[Pid, unknown]>>();
		expectTypeOf(Registry.via).returns.toEqualTypeOf<Name>();
		expectTypeOf(Task.async).returns.toEqualTypeOf<TaskRef>();
		expectTypeOf<TaskRef>().toEqualTypeOf<{ pid: Pid; ref: Ref }>();
		expectTypeOf(Task.await).returns.toEqualTypeOf<Promise<unknown>>();
		expectTypeOf(Agent.start).returns.toEqualTypeOf<Promise<StartResult>>();
		expectTypeOf(Agent.update).returns.toEqualTypeOf<Promise<'ok'>>();
		expect(typeof Registry.via('reg', 'key')).toBe('string');
	});

	it('types the restart trace event', () => {
		expectTypeOf<Extract<TraceEvent, { type: 'restart' }>>().toEqualTypeOf<{
			type: 'restart';
			supervisor: Pid;
			childId: string;
			oldPid?: Pid;
			newPid?: Pid;
			reason: ExitReason;
			at: number;
			intensity: number;
			period: number;
			counted: boolean;
		}>();
		expectTypeOf<TraceEvent['type']>().toEqualTypeOf<
			| 'spawn'
			| 'exit'
			| 'send'
			| 'receive'
			| 'link'
			| 'unlink'
			| 'register'
			| 'unregister'
			| 'restart'
			| 'report'
		>();
		expectTypeOf<Extract<TraceEvent, { type: 'report' }>>().toEqualTypeOf<{
			type: 'report';
			report: Report;
			at: number;
		}>();
		expectTypeOf<Report['kind']>().toEqualTypeOf<'crash' | 'supervisor'>();
		expect(typeof createNode).toBe('function');
	});

	it('derives every error from RuntimeError, with a reason on CallExit', () => {
		expectTypeOf<CallExit>().toExtend<RuntimeError>();
		expectTypeOf<CallExit['reason']>().toEqualTypeOf<unknown>();
		expectTypeOf<NoprocError>().toExtend<RuntimeError>();
		expectTypeOf<BadargError>().toExtend<RuntimeError>();
		expectTypeOf<SystemLimitError>().toExtend<RuntimeError>();
		expectTypeOf<AlreadyRegisteredError>().toExtend<RuntimeError>();
		expectTypeOf<RuntimeError>().toExtend<Error>();
		for (const E of [
			CallExit,
			NoprocError,
			BadargError,
			SystemLimitError,
			AlreadyRegisteredError
		]) {
			expect(E.prototype).toBeInstanceOf(RuntimeError);
		}
	});
});
