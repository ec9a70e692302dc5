/**
 * Delivers a notification to the configured webhook: a JSON POST with the ticket's public token
 * (the receiver maps it to the contact the citizen gave it), never a personal ID or name.
 */
import type { KeyedHash } from '../security/keyed-hash.ts';
import type { Notification } from './remote-tickets.ts';

export interface WebhookPayload {
  readonly id: string;
  readonly kind: Notification['kind'];
  readonly centre: string;
  readonly token: string;
  readonly number: string;
  readonly service: string;
  readonly peopleAhead?: number;
  readonly slot?: number;
  readonly at: number;
}

export function payloadOf(n: Notification, hash: KeyedHash): WebhookPayload {
  const { ticket, ...rest } = n;
  return { ...rest, token: hash.publicToken('ticket', n.centre, ticket) };
}

/** Throws when the receiver does not answer 2xx in time (the caller retries), or `stop` aborts it. */
export async function postWebhook(url: string, timeoutMs: number, payload: WebhookPayload, stop?: AbortSignal): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': payload.id },
    body: JSON.stringify(payload),
    signal: stop ? AbortSignal.any([timeout, stop]) : timeout,
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}
