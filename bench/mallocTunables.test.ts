import { describe, expect, it } from 'vitest';
import { wantsRelaunch } from './mallocTunables';

describe('the CLI relaunches itself with glibc malloc settings', () => {
  it('on glibc, unless the user set GLIBC_TUNABLES or TABMPC_MALLOC=default', () => {
    expect(wantsRelaunch({}, '2.36')).toBe(true);
    expect(wantsRelaunch({ TABMPC_MALLOC: 'default' }, '2.36')).toBe(false);
    expect(wantsRelaunch({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, '2.36')).toBe(false);
  });

  it('never elsewhere (musl, macOS, Windows report no glibc version)', () => {
    expect(wantsRelaunch({}, undefined)).toBe(false);
  });
});
