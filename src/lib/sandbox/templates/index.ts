/**
 * The templates a sandbox can start from. Each is plain TypeScript importing from
 * `'superlearner'`, with a `main.ts` whose default export is the root SupervisorModule.
 */
import { counterTemplate } from './counter';
import { crashingTemplate } from './crashing';
import { distributedTemplate } from './distributed';
import { poolTemplate } from './pool';
import { registryTemplate } from './registry';
import { strategyTemplates } from './strategies';
import type { Template } from './template';

export type { Template } from './template';

export const TEMPLATES: readonly Template[] = [
	counterTemplate,
	...strategyTemplates,
	poolTemplate,
	registryTemplate,
	crashingTemplate,
	distributedTemplate
];

export function templateById(id: string): Template | undefined {
	return TEMPLATES.find((t) => t.id === id);
}
