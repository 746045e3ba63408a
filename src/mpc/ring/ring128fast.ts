/** The FM128 ring used by the engine. Until the fast kernels land, the reference implementation. */
export { ring128Reference as ring128 } from './ring128';
