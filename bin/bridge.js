#!/usr/bin/env node
// The `bridge` command. Runs the TypeScript sources through tsx's loader, so it works from any directory
// without a build step; nothing is downloaded at run time.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
