// Usage: node tools/playwriter/screenshot.mjs <url> <out.png> [light|dark]
// Loads index.ts through Vite's module runner, since Node 20 cannot run TypeScript itself.
import { runnerImport } from 'vite';

const [url, path, colorScheme = 'light'] = process.argv.slice(2);
if (!url || !path || !['light', 'dark'].includes(colorScheme)) {
	console.error('Usage: node tools/playwriter/screenshot.mjs <url> <out.png> [light|dark]');
	process.exit(2);
}
const { module: playwriter } = await runnerImport(new URL('./index.ts', import.meta.url).pathname, {
	configFile: false
});
await playwriter.screenshot(url, path, { colorScheme });
console.log(`Saved ${path} (${colorScheme})`);
