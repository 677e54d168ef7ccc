/** `4 s`, `2 min 05 s`, `3 h 07 min`, `2 d 4 h`: a duration at the precision people read. */
export function formatDuration(ms: number): string {
	const s = Math.floor(ms / 1000);
	const pad = (n: number) => String(n).padStart(2, '0');
	if (s < 60) return `${s} s`;
	if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
	if (s < 86_400) return `${Math.floor(s / 3600)} h ${pad(Math.floor(s / 60) % 60)} min`;
	return `${Math.floor(s / 86_400)} d ${Math.floor(s / 3600) % 24} h`;
}

/** `812 B`, `1.4 MB`: decimal units, as browsers show downloads. */
export function formatBytes(bytes: number): string {
	if (bytes < 1000) return `${bytes} B`;
	if (bytes < 1e6) return `${(bytes / 1e3).toFixed(1)} kB`;
	return `${(bytes / 1e6).toFixed(1)} MB`;
}
