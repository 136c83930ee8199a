// What the review API needs from its process, and the guard every route calls first.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../core/db/database';
import type { PolicyStore } from '../../route/policy-store';
import { authenticate, type Principal, type ReviewerDirectory } from './auth';
import type { AppliedHook } from './case-store';
import { ApiError, ROLE_NOT_PERMITTED } from './errors';
import { can, type ApiAction } from './permissions';

export interface ApiDeps {
  db: Db;
  policies: PolicyStore;
  reviewers: ReviewerDirectory;
  /** Epoch ms; injected so tests can move time for leases and SLAs. */
  clock: () => number;
  leaseMs: number;
  onApplied?: AppliedHook;
}

/** Authenticates the request and checks the role may perform `action`; returns who is calling. */
export type Guard = (req: FastifyRequest, action: ApiAction) => Principal;

export function makeGuard(reviewers: ReviewerDirectory): Guard {
  return (req, action) => {
    const p = authenticate(reviewers, req.headers.authorization);
    if (!p) throw new ApiError(401, 'unauthenticated', 'send Authorization: Bearer <token>');
    if (!can(p.role, action)) throw new ApiError(403, ROLE_NOT_PERMITTED, `role ${p.role} may not ${action}`);
    return p;
  };
}
