import { defineOperation } from '../operation';
import { EXAMPLE_FILES } from '../sandbox_examples';
import { cluster, ClusterNode, StartNodeParams } from '../cluster_schemas';

export default defineOperation({
	name: 'start_cluster_node',
	category: 'cluster',
	summary: 'Start a cluster node',
	description:
		'Starts node <name>@sim in a worker of its own, running the files given (the entry ' +
		"file's default export is its root supervisor, as a sandbox's) or, without files, an " +
		'empty root supervisor. It connects to the other nodes when something on it (or on them) ' +
		'first needs to. 409 if the name is taken, or limit_exceeded past 8 nodes.',
	method: 'POST',
	path: '/cluster/nodes',
	params: StartNodeParams,
	result: ClusterNode,
	successStatus: 201,
	errors: ['conflict', 'limit_exceeded', 'compile_failed'],
	run: async (params, ctx) => ({ data: await cluster(ctx).start(params) }),
	examples: [
		{ summary: 'An empty node a@sim', params: { name: 'a' } },
		{ summary: 'A node running a counter', params: { name: 'b', files: EXAMPLE_FILES } }
	]
});
