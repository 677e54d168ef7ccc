// A page for Playwriter's tests, served on a free port: its script fetches /data after `load`
// and writes the answer into the DOM, so only a rendered DOM has the text.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const WRITTEN = 'Written by the script after load';

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Playwriter test page</title></head>
<body><p id="out">waiting</p>
<script>
addEventListener('load', async () => {
	const text = await (await fetch('/data')).text();
	document.getElementById('out').textContent = text;
});
</script></body></html>`;

export interface ServedPage {
	/** The page. */
	url: string;
	/** Answers 404. */
	missing: string;
	/** Never answers. */
	hanging: string;
	close(): Promise<void>;
}

export async function servePage(): Promise<ServedPage> {
	const server: Server = createServer((req, res) => {
		if (req.url === '/') {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
		} else if (req.url === '/data') {
			res.writeHead(200, { 'content-type': 'text/plain' }).end(WRITTEN);
		} else if (req.url === '/hang') {
			// Left open until the server closes.
		} else {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('Not here');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: `${base}/`,
		missing: `${base}/missing`,
		hanging: `${base}/hang`,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.closeAllConnections();
				server.close((error) => (error ? reject(error) : resolve()));
			})
	};
}

/** The width and height in a PNG's IHDR chunk; throws when `bytes` is not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
	const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	if (!signature.every((b, i) => bytes[i] === b)) throw new Error('Not a PNG: bad signature.');
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const type = String.fromCharCode(...bytes.subarray(12, 16));
	if (type !== 'IHDR') throw new Error(`Not a PNG: first chunk is ${type}.`);
	return { width: view.getUint32(16), height: view.getUint32(20) };
}
