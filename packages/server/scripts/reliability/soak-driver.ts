/**
 * Drives one planned day against a real server process started with `--clock replay`, compressed
 * into `realMs` of wall time: a clock loop moves the server's time forward (an admin `tick` with
 * `x-asan-now` every 250 ms, which also runs the roster, recall time-outs and expiries); on the eve
 * the bookings are made; through the day walk-ins are issued at the desk, the terminal and the call
 * centre, booked citizens check in at the kiosk (or never come), operators at the open windows call,
 * start and complete (handle times drawn per service; a few citizens absent when called), a share of
 * citizens poll their status, board monitors and three live streams follow, and /metrics is sampled
 * (memory, event-loop lag). Every answer is counted by kind, status and code, with its latency.
 */
import { codeOf, send, type Call, type Reply } from '../../test/reliability/support/http-client.ts';
import type { Acknowledged } from '../../test/reliability/support/reconcile.ts';
import { sleep } from '../../test/reliability/support/wait.ts';
import { operatorToken, SOAK_TOKENS, type SoakPlan } from './soak-plan.ts';

export interface KindStats {
  count: number;
  readonly statuses: Record<string, number>;
  readonly codes: Record<string, number>;
  readonly latenciesMs: number[];
}

export interface MetricSample {
  readonly realS: number;
  readonly clock: string;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly lagMeanMs: number;
  readonly lagP99Ms: number;
  readonly lagMaxMs: number;
  readonly waiting: number;
}

export interface SoakResult {
  readonly speed: number;
  readonly realMs: number;
  readonly kinds: ReadonlyMap<string, KindStats>;
  readonly samples: readonly MetricSample[];
  readonly acknowledged: readonly Acknowledged[];
  readonly bookingsMade: number;
  readonly served: number;
  readonly liveSnapshots: number;
}

const MIN = 60_000;

export async function driveSoakDay(base: string, plan: SoakPlan, realMs: number, progress: (line: string) => void): Promise<SoakResult> {
  const c = `/api/centres/${plan.centre.id}`;
  const kinds = new Map<string, KindStats>();
  const call = async (kind: string, req: Call): Promise<Reply> => {
    const r = await send(base, req);
    let k = kinds.get(kind);
    if (!k) kinds.set(kind, (k = { count: 0, statuses: {}, codes: {}, latenciesMs: [] }));
    k.count++;
    k.statuses[r.status] = (k.statuses[r.status] ?? 0) + 1;
    if (r.status >= 400 || r.status === 0) {
      const code = `${codeOf(r) || r.error || r.status}${(r.body as { engineCode?: string } | null)?.engineCode ? ` ${(r.body as { engineCode: string }).engineCode}` : ''}`;
      k.codes[code] = (k.codes[code] ?? 0) + 1;
    }
    k.latenciesMs.push(r.ms);
    return r;
  };
  const setClock = (ms: number) => call('tick (clock)', { method: 'POST', path: `${c}/tick`, token: SOAK_TOKENS.admin, body: {}, headers: { 'x-asan-now': String(Math.round(ms)) } });

  // The eve: every booking, as the slots allow (a full slot: the next one).
  await setClock(plan.opens - 22 * 60 * MIN);
  const tokens: (string | null)[] = new Array(plan.bookings.length).fill(null);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < plan.bookings.length) {
        const i = next++;
        const b = plan.bookings[i]!;
        for (let k = 0, slot = b.slot; k < 6 && slot < plan.closes; k++, slot += b.slotMs) {
          const r = await call('book (eve)', { method: 'POST', path: `${c}/bookings`, body: { citizenId: b.citizenId, service: b.service, class: b.class, slot: new Date(slot).toISOString() } });
          if (r.status === 201) {
            tokens[i] = (r.body as { token: string }).token;
            break;
          }
          if ((r.body as { engineCode?: string }).engineCode !== 'QC_ERR_SLOT_FULL') break;
        }
      }
    }),
  );
  const bookingsMade = tokens.filter((t) => t !== null).length;
  progress(`eve: ${bookingsMade} of ${plan.bookings.length} bookings made`);

  // The day, 09:50 to 20:30 local, in realMs.
  const simStart = plan.opens - 10 * MIN;
  const simEnd = plan.closes + 30 * MIN;
  const speed = (simEnd - simStart) / realMs;
  const realStart = performance.now();
  const simNow = () => simStart + (performance.now() - realStart) * speed;
  const simSleep = (ms: number) => sleep(ms / speed);
  const clockText = (ms: number) => new Date(ms + plan.offsetMs).toISOString().slice(11, 16);
  let running = true;
  const loops: Promise<unknown>[] = [];
  const every = (realEveryMs: number, work: () => Promise<unknown>) =>
    loops.push(
      (async () => {
        while (running) {
          await work();
          await sleep(realEveryMs);
        }
      })(),
    );

  // Windows: closed until the roster opens them; idle windows are woken by arrivals and the load.
  const state = new Map<number, 'closed' | 'idle' | 'busy'>([...plan.windows.keys()].map((w) => [w, 'closed']));
  const byService = new Map<string, number[]>();
  for (const [w, services] of plan.windows) for (const s of services) byService.set(s, [...(byService.get(s) ?? []), w]);
  let served = 0;
  const acknowledged: Acknowledged[] = [];
  const serve = async (w: number): Promise<void> => {
    state.set(w, 'busy');
    const path = `${c}/windows/${w}`;
    const token = operatorToken(w);
    while (running) {
      const r = await call('call-next', { method: 'POST', path: `${path}/call-next`, token, body: {} });
      const called = r.body as { ticket: number | null; service?: string };
      if (r.status !== 200 || called.ticket === null) {
        state.set(w, r.status === 200 ? 'idle' : 'closed');
        return;
      }
      if (plan.random() < plan.absentWhenCalledRate) {
        await simSleep(MIN);
        await call('no-show', { method: 'POST', path: `${path}/no-show`, token, body: {} });
        continue;
      }
      await simSleep(0.5 * MIN);
      await call('start', { method: 'POST', path: `${path}/start`, token, body: {} });
      await simSleep(plan.handleMs(called.service!));
      const done = await call('complete', { method: 'POST', path: `${path}/complete`, token, body: { rating: 1 + Math.floor(plan.random() * 5) } });
      if (done.status === 200) served++;
    }
    state.set(w, 'idle');
  };
  const serving = new Set<Promise<void>>();
  const wake = (service: string, n = 1): void => {
    for (const w of byService.get(service) ?? []) {
      if (n <= 0) return;
      if (state.get(w) === 'idle') {
        n--;
        const p = serve(w).finally(() => serving.delete(p));
        serving.add(p);
      }
    }
  };
  const pollStatus = async (token: string): Promise<void> => {
    while (running) {
      await simSleep(5 * MIN);
      const r = await call('status', { path: `${c}/status/${token}` });
      if (r.status !== 200 || (r.body as { state: string }).state !== 'waiting') return;
    }
  };

  every(250, () => setClock(simNow()));
  every(1_000, async () => {
    const r = await call('windows (staff)', { path: `${c}/windows`, token: SOAK_TOKENS.desk });
    for (const v of (r.status === 200 ? r.body : []) as { number: number; status: string }[]) {
      const s = state.get(v.number);
      if (v.status === 'open' && s === 'closed') state.set(v.number, 'idle');
      if (v.status !== 'open' && s === 'idle') state.set(v.number, 'closed');
    }
    const load = await call('load', { path: `${c}/load` });
    for (const row of (load.status === 200 ? (load.body as { services: { service: string; waiting: number }[] }).services : [])) if (row.waiting > 0) wake(row.service, row.waiting);
  });
  every(2_000, () => Promise.all([call('board', { path: `${c}/board` }), call('load (all centres)', { path: '/api/load' })]));
  const samples: MetricSample[] = [];
  every(5_000, async () => {
    const r = await call('metrics', { path: '/metrics' });
    const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(r.text)?.[1] ?? NaN);
    samples.push({
      realS: Math.round((performance.now() - realStart) / 1000),
      clock: clockText(simNow()),
      rssMb: +(value('process_resident_memory_bytes') / 2 ** 20).toFixed(1),
      heapUsedMb: +(value('nodejs_heap_size_used_bytes') / 2 ** 20).toFixed(1),
      lagMeanMs: +(value('nodejs_eventloop_lag_mean_seconds') * 1000).toFixed(1),
      lagP99Ms: +(value('nodejs_eventloop_lag_p99_seconds') * 1000).toFixed(1),
      lagMaxMs: +(value('nodejs_eventloop_lag_max_seconds') * 1000).toFixed(1),
      waiting: value('asan_waiting_tickets'),
    });
    progress(`${clockText(simNow())} ${JSON.stringify(samples.at(-1))}`);
  });
  let liveSnapshots = 0;
  const live = new AbortController();
  for (let i = 0; i < 3; i++) {
    loops.push(
      fetch(`${base}${c}/live`, { signal: live.signal })
        .then(async (res) => {
          for await (const chunk of res.body!) liveSnapshots += (Buffer.from(chunk).toString('utf8').match(/event: snapshot/g) ?? []).length;
        })
        .catch(() => {}),
    );
  }

  // Arrivals and check-ins, as their times come.
  const arrivals = [
    ...plan.walkIns.map((w) => ({ at: w.at, go: () => issue(w) })),
    ...plan.bookings.flatMap((b, i) => (b.arrive !== null && tokens[i] ? [{ at: b.arrive, go: () => checkIn(tokens[i]!, b.service) }] : [])),
  ].sort((a, b) => a.at - b.at);
  const issue = async (w: SoakPlan['walkIns'][number]): Promise<void> => {
    const r = await call(`issue (${w.channel})`, { method: 'POST', path: `${c}/tickets`, token: w.channel === 'terminal' ? SOAK_TOKENS.kiosk : SOAK_TOKENS.desk, body: { service: w.service, class: w.class, channel: w.channel } });
    if (r.status !== 201) return;
    const slip = r.body as Acknowledged & { token: string };
    acknowledged.push({ ticket: slip.ticket, number: slip.number, token: slip.token });
    wake(w.service);
    if (plan.random() < 0.3) await pollStatus(slip.token);
  };
  const checkIn = async (token: string, service: string): Promise<void> => {
    const r = await call('check-in', { method: 'POST', path: `${c}/check-in`, token: SOAK_TOKENS.kiosk, body: { token } });
    if (r.status === 200) wake(service);
  };
  const fired: Promise<void>[] = [];
  let a = 0;
  while (simNow() < simEnd) {
    const now = simNow();
    while (a < arrivals.length && arrivals[a]!.at <= now) fired.push(arrivals[a++]!.go());
    await sleep(20);
  }
  running = false;
  live.abort();
  await Promise.all([...loops, ...fired]);
  // Windows finish the citizen in front of them (each loop stops after its current one).
  while (serving.size > 0) await Promise.all(serving);
  // After midnight the next tick ends the day: what is left of it is cancelled, windows close.
  await setClock(plan.opens + 14 * 60 * MIN + 5 * MIN);
  return { speed, realMs: performance.now() - realStart, kinds, samples, acknowledged, bookingsMade, served, liveSnapshots };
}
