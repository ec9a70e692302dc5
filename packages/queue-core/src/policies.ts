/**
 * Call-next policies: each one maps a waiting ticket to a sort key (k1, k2, k3); the ticket id is
 * always the last tie-break, so the order is total. Call-next takes the smallest key among the
 * tickets a window may call. Keys are computed once, when a ticket enters a queue.
 */
export interface PolicyInput {
  /** Due date d (ms): walk-in a + T_class; booking: slot σ; re-entry min(d, t + T_return). */
  readonly due: number;
  /** Class rank: lower is served first on equal keys. */
  readonly rank: number;
  /** e: when the ticket became callable (ms). */
  readonly callableAt: number;
}

export interface Policy {
  readonly name: string;
  readonly description: string;
  /** Writes (k1, k2, k3) into out[0..2]. */
  key(t: PolicyInput, out: Float64Array): void;
}

export const POLICIES = {
  edd: {
    name: 'edd',
    description: 'Earliest due date with class targets: key (d, class rank, e, ticket id). The default; see FAIRNESS.md.',
    key(t, out) {
      out[0] = t.due;
      out[1] = t.rank;
      out[2] = t.callableAt;
    },
  },
  'strict-priority': {
    name: 'strict-priority',
    description: 'Strict class priority: key (class rank, e, ticket id). What most peer systems do; lower classes can starve.',
    key(t, out) {
      out[0] = t.rank;
      out[1] = t.callableAt;
      out[2] = 0;
    },
  },
  fifo: {
    name: 'fifo',
    description: 'Plain first come, first served: key (e, ticket id). Ignores classes and due dates.',
    key(t, out) {
      out[0] = t.callableAt;
      out[1] = 0;
      out[2] = 0;
    },
  },
} as const satisfies Record<string, Policy>;

export type PolicyRegistry = typeof POLICIES;
