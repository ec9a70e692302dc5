/**
 * Roles from bearer tokens. Public routes need none; desk and kiosk tokens issue tickets (of their
 * centre, when bound to one); an operator token acts on its own window only; admin may do anything.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ServerError } from '../errors.ts';
import type { Role, TokenRule } from '../config/server-config.ts';

export interface Principal {
  readonly role: Role;
  readonly label: string;
  readonly centre?: string;
  readonly window?: number;
}

export class Authenticator {
  private readonly byDigest = new Map<string, TokenRule>();

  constructor(rules: readonly TokenRule[]) {
    for (const r of rules) this.byDigest.set(digest(r.token), r);
  }

  /** The principal of a request, or null when it carries no token; throws on an unknown token. */
  principal(req: FastifyRequest): Principal | null {
    const header = req.headers.authorization;
    if (header === undefined) return null;
    const m = /^Bearer ([\x21-\x7e]{1,256})$/.exec(header);
    if (!m) throw new ServerError('SRV_ERR_BAD_TOKEN');
    // Looked up by SHA-256 digest: the lookup's timing says nothing about the tokens themselves.
    const rule = this.byDigest.get(digest(m[1]!));
    if (!rule) throw new ServerError('SRV_ERR_BAD_TOKEN');
    return { role: rule.role, label: rule.label ?? rule.role, ...(rule.centre ? { centre: rule.centre } : {}), ...(rule.window !== undefined ? { window: rule.window } : {}) };
  }

  /** Requires one of `roles` for `centre` (and `window`, for operators); returns the principal. */
  require(req: FastifyRequest, roles: readonly Role[], action: string, centre?: string, window?: number): Principal {
    const p = this.principal(req);
    if (!p) throw new ServerError('SRV_ERR_UNAUTHORIZED');
    if (p.role === 'admin') return p;
    if (!roles.includes(p.role)) throw new ServerError('SRV_ERR_FORBIDDEN', { role: p.role, action });
    if (p.role === 'operator') {
      if (window === undefined) {
        if (centre !== undefined && p.centre !== centre) throw new ServerError('SRV_ERR_FORBIDDEN', { role: p.role, action: `${action} at ${centre}` });
      } else if (p.centre !== centre || p.window !== window) {
        throw new ServerError('SRV_ERR_WRONG_WINDOW', { bound: p.window, boundCentre: p.centre, window, centre });
      }
    } else if (centre !== undefined && p.centre !== undefined && p.centre !== centre) {
      throw new ServerError('SRV_ERR_FORBIDDEN', { role: p.role, action: `${action} at ${centre}` });
    }
    return p;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
