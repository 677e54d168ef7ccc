#!/usr/bin/env node
// `npx playwriter …` (tools/playwriter/cli.ts, built on first use by tools/playwriter/build.mjs).
import { loadCli } from '../tools/playwriter/build.mjs';

const { main } = await loadCli();
process.exitCode = await main(process.argv.slice(2));
