#!/usr/bin/env node
// Entry point: runs the TypeScript CLI through tsx's loader so no build step is needed.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// costlab's own tsconfig, whatever the working folder (its "jsx": "react-jsx" compiles the TUI's .tsx files).
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
