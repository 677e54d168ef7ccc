/** The cluster operations' answers, as the page names them (from their result schemas). */
import type { Data } from '$lib/arsenal/client';

export type Topology = Data<'cluster_topology'>;
export type ClusterNode = Topology['nodes'][number];
export type Connection = Topology['connections'][number];
