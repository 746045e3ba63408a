import { describe, expect, it } from 'vitest';
import { OP_EXPLANATIONS } from '../lab/explanations';
import { GLOSSARY, GLOSSARY_IDS, splitTerms } from './glossary';

describe('glossary', () => {
  it('explains the terms students meet on the page (issue 15)', () => {
    const terms = GLOSSARY_IDS.map((id) => GLOSSARY[id].term);
    for (const want of ['Beaver triple', 'Share', 'Round', 'Ring (FM64, FM128)', 'Fixed point', 'Truncation', 'Kogge–Stone adder', 'Clamp and valid range', 'STUN and TURN']) {
      expect(terms).toContain(want);
    }
    expect(terms.filter((t) => t.startsWith('Trust model'))).toHaveLength(2);
    for (const id of GLOSSARY_IDS) expect(GLOSSARY[id].plain.length, id).toBeGreaterThan(40);
  });

  it('links the first mention of each term in running text, and the parts join back to the text', () => {
    const text = 'Adds the shares with a Kogge–Stone adder, then the shares again; 8 rounds on FM128.';
    const parts = splitTerms(text);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.id)).toEqual([
      { text: 'shares', id: 'share' },
      { text: 'Kogge–Stone adder', id: 'kogge-stone' },
      { text: 'FM128', id: 'ring' },
    ]);
  });

  it('leaves text without terms whole', () => {
    expect(splitTerms('Open a shared value.')).toEqual([{ text: 'Open a shared value.' }]);
    expect(splitTerms('')).toEqual([]);
  });

  it('keeps every operation explanation intact when it links its terms', () => {
    let linked = 0;
    for (const [name, e] of Object.entries(OP_EXPLANATIONS)) {
      const parts = splitTerms(e.text);
      expect(parts.map((p) => p.text).join(''), name).toBe(e.text);
      linked += parts.filter((p) => p.id).length;
    }
    // the kernels' words name Beaver triples, Kogge–Stone adders, truncation, …: some are linked
    expect(linked).toBeGreaterThan(5);
  });
});
