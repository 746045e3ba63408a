#!/bin/sh
# Type-check every layer under its own project (tsc -b: each folder of src/ once, with its own
# `lib`, so a window in the worker or a process in the engine fails to compile), then the tests and
# the CLI, the signaling server and the e2e suite. Declarations go to .tsbuild/ (git-ignored).
set -e
npx tsc -b tsconfig.json tsconfig.test.json
npx tsc -p signaling/tsconfig.json --noEmit
npx tsc -p e2e/tsconfig.json --noEmit
