import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runExpInProcess } from '../../mpc/session/expRun';
import { FIELDS, METHODS, PROFILES } from '../../app/params';
import { explainOp, METHOD_EXPLANATIONS } from './explanations';

const mpcDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'mpc');

/** Every session shape the run form can start: its methods, profiles and rings, 2 and 3 parties, batching. */
function configurations() {
  const out: { method: (typeof METHODS)[number]; profile: (typeof PROFILES)[number]; field: (typeof FIELDS)[number]; parties: number; batching: boolean }[] = [];
  for (const method of METHODS)
    for (const profile of PROFILES)
      for (const field of FIELDS)
        for (const parties of [2, 3]) {
          if (method === 'prime' && (field !== 'FM128' || parties !== 2)) continue;
          out.push({ method, profile, field, parties, batching: true });
        }
  out.push({ method: 'pade', profile: 'fast', field: 'FM128', parties: 2, batching: false });
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('explanations', () => {
  it('explain every operation a real run of each method, profile, ring and party count records', async () => {
    const seen = new Set<string>();
    for (const cfg of configurations()) {
      const res = await runExpInProcess([-3, -0.5, 0, 1.25, 4], { ...cfg, seed: 7 });
      for (const node of res.graph) seen.add(node.name);
    }
    // the runs do exercise the kernels of both profiles
    for (const name of ['mul_aa', 'square_a', 'trunc_a', 'msb_a2b', 'msb_bounded', 'a2b', 'a2b_low32', 'b2a', 'b2a_bit', 'mul_a1b', 'mul_priv', 'mul_priv_gf', 'mul_priv_bits', 'a2p', 'p2a', 'v2a']) {
      expect(seen).toContain(name);
    }
    const missing = [...seen].filter((name) => explainOp(name) === null);
    expect(missing).toEqual([]);
  });

  it('explain every operation name written in the engine source, including kernels exp does not use', () => {
    const names = new Set<string>();
    const dynamic: string[] = [];
    for (const file of sourceFiles(mpcDir)) {
      const src = readFileSync(file, 'utf8');
      // the first argument of every p.node(...) / graph.add(...) call
      for (const m of src.matchAll(/(?:\.node|graph\.add)\(([^,]*),/g)) {
        const literals = [...m[1]!.matchAll(/'([a-z0-9_]+)'/g)].map((l) => l[1]!);
        if (literals.length === 0) dynamic.push(`${file.slice(mpcDir.length + 1)}: ${m[1]!.trim()}`);
        for (const l of literals) names.add(l);
      }
      // priv.ts names its nodes through one helper: its call sites carry the names
      for (const m of src.matchAll(/exchangeWithOther\(p, '([a-z0-9_]+)'/g)) names.add(m[1]!);
    }
    // the only calls without a literal name forward one: Party.node, and priv.ts's helper whose
    // call sites are read above (a new forwarding site must be taught to this test)
    expect(dynamic.sort()).toEqual(['protocols/semi2k/party.ts: name', 'protocols/semi2k/priv.ts: name']);
    expect(names).toContain('and_bb');
    expect(names).toContain('mul_priv_bits');
    expect([...names].filter((name) => explainOp(name) === null)).toEqual([]);
  });

  it('explain every method, in a sentence or two', () => {
    for (const m of METHODS) {
      const e = METHOD_EXPLANATIONS[m];
      expect(e.title.startsWith(m)).toBe(true);
      expect(e.text.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 0).length).toBeLessThanOrEqual(4);
    }
  });

  it('return null for a name it does not know, also for inherited property names', () => {
    expect(explainOp('no_such_op')).toBeNull();
    expect(explainOp('toString')).toBeNull();
  });
});
