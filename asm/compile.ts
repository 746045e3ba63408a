/**
 * Compiles the AssemblyScript kernels in this folder to WebAssembly bytes, in memory. Shared by
 * the build script (asm/build.ts) and the test that checks the committed modules are fresh.
 */
import asc from 'assemblyscript/asc';
import { fileURLToPath } from 'node:url';

/** The kernel modules: each asm/<name>.ts becomes src/mpc/ring/wasm/<name>.wasm.ts. */
export const MODULES = ['ring128', 'gfp', 'chacha', 'blake3', 'transpose', 'lanes', 'expfactors'] as const;
export type ModuleName = (typeof MODULES)[number];

/**
 * Older Chromium releases compile a module synchronously on a page's main thread only up to this
 * size (Chromium 156 allows 8 MiB); a larger module would work in workers but throw in such pages.
 */
export const MAX_MODULE_BYTES = 4096;

const ASM_DIR = fileURLToPath(new URL('.', import.meta.url));

// -O3 for the hot loops, the stub runtime because the kernels never allocate, SIMD for i64x2/i32x4.
const FLAGS = ['-O3', '--runtime', 'stub', '--enable', 'simd'];

/** The wasm bytes of asm/<name>.ts; throws with the compiler's diagnostics on failure. */
export async function compileModule(name: ModuleName): Promise<Uint8Array> {
  let binary: Uint8Array | undefined;
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main(
    [`${name}.ts`, '--baseDir', ASM_DIR, '--outFile', `${name}.wasm`, ...FLAGS],
    {
      // Keep the bytes in memory instead of writing asm/<name>.wasm.
      writeFile: (file, contents) => {
        if (file.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
      },
      stderr,
    },
  );
  if (error || !binary) throw new Error(`asc failed on asm/${name}.ts: ${error?.message ?? ''}\n${stderr.toString()}`);
  if (binary.length > MAX_MODULE_BYTES) {
    throw new Error(`asm/${name}.ts compiles to ${binary.length} bytes, over the ${MAX_MODULE_BYTES}-byte main-thread limit`);
  }
  return binary;
}
