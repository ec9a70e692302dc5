/**
 * The simulator's error catalogue: every error a user can meet has a stable code and a message
 * template. Listed in packages/sim/README.md; a test keeps the two in step.
 */
export const SIM_ERRORS = {
  SIM_ERR_SPEC_INVALID: 'Scenario spec is invalid: {problems}',
  SIM_ERR_REFERENCE_INVALID: 'Reference file is invalid: {problems}',
  SIM_ERR_FILE: 'Cannot read {file}: {reason}',
  SIM_ERR_OUTPUT: 'Cannot write {file}: {reason}',
  SIM_ERR_UNKNOWN_SCENARIO: 'No scenario {scenario} in {file}; known: {known}',
  SIM_ERR_UNKNOWN_METRIC: 'Metric {metric} of scenario {scenario} is not one the simulator knows how to compute',
  SIM_ERR_BAD_OPTION: 'Option {option} is invalid: {reason}',
  SIM_ERR_ENGINE_REFUSED: 'The engine refused a command the simulator expected to succeed ({command}): {error}',
  SIM_ERR_WORKER: 'A worker failed: {reason}',
  SIM_ERR_REDIS: 'Cannot reach Redis at {url}: {reason}',
  SIM_ERR_CIW: 'Ciw could not be timed with {python}: {reason}',
} as const;

export type SimErrorCode = keyof typeof SIM_ERRORS;

/** One problem in a spec or reference file: where, and what to fix. */
export interface Problem {
  readonly path: string;
  readonly message: string;
}

export class SimError extends Error {
  constructor(
    readonly code: SimErrorCode,
    readonly details: Readonly<Record<string, unknown>> = {},
    readonly problems: readonly Problem[] = [],
  ) {
    super(`${code}: ${format(code, details, problems)}`);
    this.name = 'SimError';
  }
}

function format(code: SimErrorCode, details: Readonly<Record<string, unknown>>, problems: readonly Problem[]): string {
  const all = { ...details, ...(problems.length > 0 ? { problems: `${problems.length} problem(s)` } : {}) };
  const head = SIM_ERRORS[code].replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = all[name as keyof typeof all];
    return v === undefined ? `{${name}}` : typeof v === 'string' ? v : JSON.stringify(v);
  });
  return problems.length === 0 ? head : `${head}\n${problems.map((p) => `  - ${p.path || '(top)'}: ${p.message}`).join('\n')}`;
}
