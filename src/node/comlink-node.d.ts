/** comlink's Node adapter ships its types beside the .mjs under another name. */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
