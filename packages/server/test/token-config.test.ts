/**
 * Every bearer token the configuration accepts can be used: a token is sent in the Authorization
 * header, which carries printable ASCII (the server matches `Bearer [\x21-\x7e]{1,256}`). A token
 * with any other character (letters of another alphabet, an accent, a control character) could
 * never authenticate: the start refuses it, naming the token by its place, not by its value.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CENTRE } from '../src/config/demo-network.ts';
import { createServerConfig, ServerConfigError } from '../src/config/validate-config.ts';
import { listeningTestApp, SECRET, testConfig } from './helpers.ts';

function problems(tokens: unknown[], demo = false): string[] {
  try {
    createServerConfig({ centres: [DEMO_CENTRE], secret: SECRET, tokens, ...(demo ? { demo: true } : {}) } as never);
  } catch (err) {
    if (err instanceof ServerConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('token configuration', () => {
  it('says the shortest length it takes: 4 characters in a demo configuration, 16 otherwise', () => {
    // Before: a demo configuration took 4-character tokens but refused 'abc' saying "must be 16–256".
    expect(problems([{ token: 'abcd', role: 'desk' }], true)).toEqual([]);
    expect(problems([{ token: 'abc', role: 'desk' }], true)).toEqual(['tokens[0].token: must be 4–256 printable ASCII characters without spaces (it is sent in the Authorization header)']);
    expect(problems([{ token: 'abcd', role: 'desk' }])).toEqual(['tokens[0].token: must be 16–256 printable ASCII characters without spaces (it is sent in the Authorization header)']);
  });

  it('refuses a label that is not a text of 1–100 characters instead of replacing it silently', () => {
    const token = 'desk-token-000000001';
    expect(problems([{ token, role: 'desk', label: 'front desk' }])).toEqual([]);
    for (const label of [5, '', 'x'.repeat(101), null]) {
      expect(problems([{ token, role: 'desk', label }]), JSON.stringify(label)).toEqual([`tokens[0].label: a label is a text of 1–100 characters, got ${JSON.stringify(label)}`]);
    }
  });

  it('refuses a token that is not printable ASCII, which no request could present', () => {
    // Before: accepted (16–256 characters, no spaces); every request with it got 401 SRV_ERR_BAD_TOKEN.
    for (const token of ['ключ-оператора-окна-1', 'kassa-tök-0000000001', 'desk-token-00000001\u0000', 'desk-token-0000001\u00a0x', 'desk-token-€-000000001']) {
      const found = problems([{ token, role: 'desk' }]);
      expect(found, JSON.stringify(token)).toEqual(['tokens[0].token: must be 16–256 printable ASCII characters without spaces (it is sent in the Authorization header)']);
      expect(found.join('')).not.toContain(token);
    }
  });

  it('authenticates every token it accepts, over a real socket', async () => {
    const token = '!"#$%&\'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~';
    const { t, port } = await listeningTestApp({ config: testConfig({ tokens: [{ token, role: 'desk' }] }) });
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/centres/baku-1/windows`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
