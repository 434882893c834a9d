// The live book's message limits and the errors a refused message or request answers with.
import { CascadeError } from '../../kernel/errors.js';

/** Largest request body, bytes (HTTP). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Largest NDJSON line, bytes. */
export const MAX_LINE_BYTES = 64 * 1024;
/** Largest WebSocket frame, bytes. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/**
 * A message of a request is invalid; the request is refused whole. `line` is 1-based: the NDJSON line, or the index
 * in a JSON array (1 for a single object).
 *
 * @example new UpdateError(3, 'debt', 'must be ≥ 0, got -5').body(); // { error: 'invalid update', line: 3, … }
 */
export class UpdateError extends CascadeError {
  override name = 'UpdateError';
  constructor(
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`invalid update at line ${line}: ${field}: ${reason}`);
  }

  /** The error object the API answers with. */
  body(): { error: 'invalid update'; line: number; field: string; reason: string } {
    return { error: 'invalid update', line: this.line, field: this.field, reason: this.reason };
  }
}

/**
 * A request, line or frame is over its size limit (HTTP 413): nothing of it is applied.
 *
 * @example throw new PayloadTooLargeError('line 4', MAX_LINE_BYTES);
 */
export class PayloadTooLargeError extends CascadeError {
  override name = 'PayloadTooLargeError';
  constructor(
    readonly what: string,
    readonly limitBytes: number,
  ) {
    super(`${what} is larger than ${limitBytes} bytes`);
  }
}
