/**
 * Runs the fuzz: for every route, `perRoute` generated requests (seeded: the same seed sends the same
 * requests), one after another, with the stored version of every centre read before and after each.
 * Findings: any 5xx; a refused request (4xx) or a read that changed a version; a refusal that is not
 * a coded `SRV_ERR_*` answer; an idempotent write whose exact replay did not get its first answer
 * byte for byte, or changed something.
 */
import fc from 'fast-check';
import { requestTo, type FuzzRequest, type FuzzWorld } from './fuzz-requests.ts';
import { routeName, type RouteSpec } from './route-list.ts';

export interface FuzzAnswer {
  readonly status: number;
  readonly body: string;
}

export interface FuzzTransport {
  /** Status 0: no answer. Throws when the client cannot send the request at all. */
  send(req: FuzzRequest): Promise<FuzzAnswer>;
  /** The stored version of every centre (and, where it can be read, the in-memory one). */
  versions(): Promise<readonly number[]>;
}

export interface Finding {
  readonly route: string;
  readonly what: string;
  readonly request: FuzzRequest;
  readonly status: number;
  readonly body: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly requests: number;
  /** Route → answers by status. */
  readonly routes: Record<string, Record<string, number>>;
  readonly replays: number;
  readonly findings: readonly Finding[];
  readonly elapsedMs: number;
}

/** Idempotency keys the generator draws from, so that keys are reused and replayed. */
export const FUZZ_KEYS = ['fuzz-k1', 'fuzz-k2', 'fuzz-k3', 'fuzz-k4', 'fuzz.k5', 'fuzz:k6'];

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** Keeps a finding's request printable (huge bodies and URLs cut). */
function short(req: FuzzRequest): FuzzRequest {
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}…(${s.length} chars)` : s);
  return { ...req, url: cut(req.url), headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, cut(v)])), ...(req.payload !== undefined ? { payload: cut(req.payload) } : {}) };
}

export async function fuzz(routes: readonly RouteSpec[], world: FuzzWorld, t: FuzzTransport, options: { perRoute: number; seed: number; maxFindings?: number }): Promise<FuzzReport> {
  const started = performance.now();
  const findings: Finding[] = [];
  const out: Record<string, Record<string, number>> = {};
  const remembered: { req: FuzzRequest; answer: FuzzAnswer; route: string }[] = [];
  let requests = 0;
  let replays = 0;
  let rand = options.seed >>> 0;
  const next = () => ((rand = (Math.imul(rand, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);
  const note = (f: Finding) => {
    if (findings.length < (options.maxFindings ?? 50)) findings.push({ ...f, request: short(f.request), body: f.body.slice(0, 500) });
  };

  for (const [i, r] of routes.entries()) {
    const name = routeName(r);
    const counts: Record<string, number> = (out[name] = {});
    const samples = fc.sample(requestTo(r, world, FUZZ_KEYS), { numRuns: options.perRoute, seed: options.seed + i });
    for (const req of samples) {
      const before = await t.versions();
      let answer: FuzzAnswer;
      try {
        answer = await t.send(req);
      } catch {
        // The client itself refuses to send it (a header value HTTP does not allow): not a request.
        counts.unsendable = (counts.unsendable ?? 0) + 1;
        continue;
      }
      const after = await t.versions();
      requests++;
      counts[answer.status] = (counts[answer.status] ?? 0) + 1;
      const finding = (what: string) => note({ route: name, what, request: req, status: answer.status, body: answer.body });
      if (answer.status >= 500) finding('5xx');
      if (answer.status === 0) finding('no answer (connection dropped or timed out)');
      const refused = answer.status >= 400;
      if ((refused || req.method !== 'POST') && !same(before, after)) finding(`state changed (${before.join(',')} → ${after.join(',')}) by a ${refused ? 'refused request' : 'read'}`);
      // Every refusal is coded, also what Node's HTTP parser refuses (a head over 16 KiB: 431 SRV_ERR_HEADERS_TOO_LARGE).
      if (refused && !/"code":"SRV_ERR_[A-Z_]+"/.test(answer.body)) finding('refusal without an SRV_ERR code');
      const key = req.headers['idempotency-key'];
      if (req.method === 'POST' && answer.status < 300 && key !== undefined && FUZZ_KEYS.includes(key) && !same(before, after)) remembered.push({ req, answer, route: name });

      // Now and then, an exact replay of a remembered write: its first answer, and nothing changes.
      if (remembered.length > 0 && next() < 0.05) {
        const prior = remembered[Math.floor(next() * remembered.length)]!;
        const v0 = await t.versions();
        const again = await t.send(prior.req);
        const v1 = await t.versions();
        replays++;
        if (again.status !== prior.answer.status || again.body !== prior.answer.body || !same(v0, v1)) {
          note({ route: prior.route, what: `replay differs: ${prior.answer.status} ${prior.answer.body.slice(0, 200)}`, request: prior.req, status: again.status, body: again.body });
        }
      }
    }
  }
  return { seed: options.seed, requests, routes: out, replays, findings, elapsedMs: performance.now() - started };
}
