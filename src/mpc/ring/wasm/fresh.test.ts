/**
 * The committed wasm modules must be what `npm run build:wasm` makes of asm/ today: a kernel
 * edited without a rebuild, or a hand-edited base64 string, fails here.
 */
import { describe, expect, it } from 'vitest';
import { MODULES, compileModule, type ModuleName } from '../../../../asm/compile';
import { BLAKE3_WASM } from './blake3.wasm';
import { CHACHA_WASM } from './chacha.wasm';
import { EXPFACTORS_WASM } from './expfactors.wasm';
import { GFP_WASM } from './gfp.wasm';
import { decodeBase64 } from './instantiate';
import { LANES_WASM } from './lanes.wasm';
import { RING128_WASM } from './ring128.wasm';
import { TRANSPOSE_WASM } from './transpose.wasm';

const EMBEDDED: Record<ModuleName, string> = {
  ring128: RING128_WASM,
  gfp: GFP_WASM,
  chacha: CHACHA_WASM,
  blake3: BLAKE3_WASM,
  transpose: TRANSPOSE_WASM,
  lanes: LANES_WASM,
  expfactors: EXPFACTORS_WASM,
};

describe('embedded wasm modules', () => {
  for (const name of MODULES) {
    it(`${name}.wasm.ts holds a fresh build of asm/${name}.ts (else run npm run build:wasm)`, async () => {
      const fresh = new Uint8Array(await compileModule(name));
      expect(decodeBase64(EMBEDDED[name])).toEqual(fresh);
    });
  }
});
