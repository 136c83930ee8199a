// One error shape for the whole API: {error, field?, reason}. Handlers throw ApiError; the scoped error
// handler in index.ts turns it (and anything unexpected) into a response.
import type { z } from 'zod';
import type { Refusal } from '../workflow';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly reason: string,
    readonly field?: string,
  ) {
    super(reason);
  }

  body(): { error: string; reason: string; field?: string } {
    return { error: this.error, reason: this.reason, ...(this.field ? { field: this.field } : {}) };
  }
}

export const ROLE_NOT_PERMITTED = 'role not permitted';

const REFUSAL_STATUS: Record<Refusal, number> = { not_found: 404, conflict: 409, forbidden: 403, invalid: 400 };

export function refusalError(refusal: Refusal, reason: string, field?: string): ApiError {
  return new ApiError(REFUSAL_STATUS[refusal], refusal, reason, field);
}

/** Validates input against a zod schema; a failure is a 400 naming the first offending field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || what;
  throw new ApiError(400, `invalid ${what}`, `${field}: ${issue?.message ?? 'invalid'}`, field);
}

export const notFound = (): ApiError => new ApiError(404, 'not_found', 'no such case');
