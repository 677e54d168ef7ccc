/**
 * Arsenal's errors. Each is a {@link RuntimeError} with a stable `code` from the status table
 * (status.ts), a message that names the pid, field or operation, and plain-data `details`, so it
 * keeps its meaning across comlink (wire.ts) and over HTTP (the Plug).
 *
 * @example
 * throw new ArsenalError('noproc', 'No process <0.42.0>: it has exited or never existed.');
 * toArsenalError(new CallExit('timeout', '<0.7.0>'), 'send_message').code; // 'timeout'
 */
import type { ZodError } from 'zod';
import { RuntimeError } from '$lib/runtime';
import { statusOf } from './status';

/** One failing field: where (a dotted path, `''` for the whole input) and why. */
export interface FieldIssue {
	field: string;
	reason: string;
}

export class ArsenalError extends RuntimeError {
	override name = 'ArsenalError';

	constructor(code: string, message: string, details?: unknown) {
		super(code, message, details);
	}

	/** The HTTP status of this error's code. */
	get status(): number {
		return statusOf(this.code);
	}
}

/** A dotted field path: `['args', 'items', 0]` → `'args.items.0'`. */
function fieldOf(path: readonly PropertyKey[]): string {
	return path.map(String).join('.');
}

/** The issues of a failed zod parse, as field + reason pairs. */
export function fieldIssues(error: ZodError, prefix = ''): FieldIssue[] {
	return error.issues.map((issue) => {
		const keys =
			issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys.join(', ') : '';
		const field = [prefix, fieldOf(issue.path), keys].filter(Boolean).join('.');
		return { field, reason: issue.message };
	});
}

/** 422 `validation_failed` naming the first failing field; `details.issues` lists them all. */
export function validationFailed(issues: FieldIssue[]): ArsenalError {
	const field = issues[0]?.field ?? '';
	const reason = issues[0]?.reason ?? 'Invalid input';
	const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
	const message = `Invalid ${field ? `parameter ${field}` : 'parameters'}: ${reason}${more}`;
	return new ArsenalError('validation_failed', message, { field, reason, issues });
}

/**
 * Any thrown value as an ArsenalError: runtime errors keep their meaning (`noproc` → 404,
 * `timeout` → 504); everything else is a 500 `operation_failed` that names the operation.
 */
export function toArsenalError(thrown: unknown, operation: string): ArsenalError {
	if (thrown instanceof ArsenalError) return thrown;
	if (thrown instanceof RuntimeError) {
		if (thrown.code === 'noproc' || thrown.code === 'timeout') {
			return new ArsenalError(thrown.code, thrown.message, thrown.details);
		}
		return new ArsenalError('operation_failed', `${operation} failed: ${thrown.message}`, {
			operation,
			code: thrown.code,
			reason: thrown.details
		});
	}
	if (thrown instanceof Error) {
		return new ArsenalError('operation_failed', `${operation} failed: ${thrown.message}`, {
			operation,
			reason: `${thrown.name}: ${thrown.message}`
		});
	}
	return new ArsenalError('operation_failed', `${operation} failed.`, {
		operation,
		reason: thrown
	});
}
