// The sandbox frame's inline script (see src/lib/sandbox/frame/protocol.ts), built as one
// classic script by vite/isolated_scripts.ts.
import { runSandboxFrame } from '$lib/sandbox/frame/frame';

runSandboxFrame(window);
