import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, FIELDS, METHODS, PROFILES, paramsProblem } from './params';

describe('run params read the engine tables', () => {
  it('lists methods, profiles (the default first) and fields as the form shows them', () => {
    expect(METHODS).toEqual(['taylor', 'pade', 'prime']);
    expect(PROFILES).toEqual(['fast', 'spu2024']);
    expect(FIELDS).toEqual(['FM128', 'FM64']);
  });

  it("takes exp prime's support rule from the engine, naming the room", () => {
    const prime = { ...DEFAULT_PARAMS, method: 'prime' as const };
    expect(paramsProblem(prime, 2)).toBeNull();
    expect(paramsProblem(prime, 3)).toBe("exp method 'prime' runs with 2 parties on FM128 only (this room: 3 parties, FM128); use 'taylor' or 'pade'");
    expect(paramsProblem({ ...prime, field: 'FM64' }, 2)).toMatch(/this room: 2 parties, FM64/);
    expect(paramsProblem(DEFAULT_PARAMS, 3)).toBeNull();
  });
});
