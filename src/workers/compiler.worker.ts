// The compiler worker: esbuild-wasm behind comlink, loaded on the first compile.
import { expose } from 'comlink';
import '$lib/arsenal/wire';
import { createCompiler } from '$lib/sandbox/compiler/compile';

expose(createCompiler());
