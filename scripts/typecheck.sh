#!/bin/sh
# Type-check every layer with its own tsconfig (each has its own `lib`: src/mpc has no DOM and no
# Node types, so an accidental window/process/fs there fails to compile).
set -e
for cfg in src/mpc/tsconfig.json src/workers/tsconfig.json src/net/tsconfig.json src/net/tsconfig.test.json src/ui/tsconfig.json \
           signaling/tsconfig.json e2e/tsconfig.json tsconfig.test.json; do
  if [ -f "$cfg" ]; then
    npx tsc -p "$cfg" --noEmit
  fi
done
