declare module 'virtual:superlearner-dts' {
	/** The runtime's declarations by path relative to the package root (`index.d.ts`…). */
	const files: Record<string, string>;
	export default files;
}
