// `npm start`: install what is missing, build, and serve the built app.
import { spawn } from 'node:child_process';
import { ensureDependencies, root, run } from './lib/setup.mjs';

ensureDependencies();
run('npm', ['run', 'build']);

const port = process.env.PORT ?? '4173';
const server = spawn('npx', ['vite', 'preview', '--config', 'vite.preview.config.ts'], {
	cwd: root,
	stdio: ['ignore', 'pipe', 'inherit'],
	env: { ...process.env, PORT: port }
});
let announced = false;
server.stdout.on('data', (chunk) => {
	if (announced) return;
	if (String(chunk).includes(port)) {
		announced = true;
		console.log(`\nSuperLearner is running at http://127.0.0.1:${port}/  (Ctrl+C to stop)`);
	}
});
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
