/**
 * Where the system analyzer draws its lines: how often it samples and what counts as too much.
 * One place, so that the findings' wording and the tests read the same numbers.
 */

/** How often the analyzer samples every node's processes, ms of the system node's clock. */
export const SAMPLE_MS = 1000;
/** Samples kept per process: enough for a trend and a rate. */
export const KEPT_SAMPLES = 6;

/** A process under no supervisor is a finding once it has lived this long (helpers end sooner). */
export const UNSUPERVISED_AFTER_MS = 15_000;

/** A mailbox is growing once it holds more than this and rose across the last samples. */
export const MAILBOX_GROWING = 50;
/** How many of the last samples the queue must have risen across (never falling). */
export const RISING_SAMPLES = 4;
/** A growing mailbox this long is critical. */
export const MAILBOX_CRITICAL = 1_000;

/** A process holding at least this many bytes, and {@link MEMORY_OUTLIER} times the median. */
export const HIGH_MEMORY_BYTES = 1_048_576;
export const MEMORY_OUTLIER = 10;
/** Holding this much is critical. */
export const MEMORY_CRITICAL_BYTES = 16 * 1_048_576;

/** Restarts of one supervisor within a minute that make a storm, and a critical one. */
export const STORM_PER_MINUTE = 10;
export const STORM_CRITICAL_PER_MINUTE = 60;

/** The share of a supervisor's intensity used inside its period that is near the limit. */
export const NEAR_LIMIT_SHARE = 0.8;

/** How long a supervisor that gave up stays a finding after it did, ms. */
export const GAVE_UP_KEPT_MS = 10 * 60_000;

/** A call without a reply for this long counts as timed out (GenServer.call's default). */
export const CALL_SLOW_MS = 5_000;
/** Call timeouts of one process within {@link TIMEOUT_WINDOW_MS} that make a finding. */
export const TIMEOUTS_REPEATED = 3;
export const TIMEOUTS_CRITICAL = 10;
export const TIMEOUT_WINDOW_MS = 60_000;
