// The built app served as a static host serves it — hashed files immutable for a year, pages
// revalidated, every other path the SPA's index.html — with a log of every request, so that the
// embed benchmark counts what really crossed the network (the service worker and the HTTP cache
// answer the rest).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.svg': 'image/svg+xml',
	'.wasm': 'application/wasm',
	'.ttf': 'font/ttf',
	'.woff2': 'font/woff2'
};

export interface Served {
	path: string;
	/** ms since the server started. */
	at: number;
	status: number;
	bytes: number;
}

export interface LoggingServer {
	url: string;
	/** Every request answered, in order. */
	log: Served[];
	close(): Promise<void>;
}

export async function serveBuild(root: string, port: number): Promise<LoggingServer> {
	const started = Date.now();
	const log: Served[] = [];
	const server: Server = createServer((req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		let file = normalize(join(root, path));
		if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
			file = join(root, 'index.html');
		}
		const { size, mtimeMs } = statSync(file);
		const etag = `"${size}-${Math.floor(mtimeMs)}"`;
		const immutable = path.startsWith('/_app/immutable/');
		res.setHeader(
			'cache-control',
			immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate'
		);
		res.setHeader('etag', etag);
		res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
		if (req.headers['if-none-match'] === etag) {
			res.statusCode = 304;
			res.end();
			log.push({ path, at: Date.now() - started, status: 304, bytes: 0 });
			return;
		}
		res.setHeader('content-length', size);
		log.push({ path, at: Date.now() - started, status: 200, bytes: size });
		createReadStream(file).pipe(res);
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${port}`,
		log,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
