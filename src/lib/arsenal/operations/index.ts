/**
 * Every Arsenal operation, one per file, in the order the docs list them.
 */
import type { AnyOperation } from '../operation';
import getApiDocs from './get_api_docs';
import listSandboxes from './list_sandboxes';
import createSandbox from './create_sandbox';
import getSandbox from './get_sandbox';
import updateSandbox from './update_sandbox';
import restartSandbox from './restart_sandbox';
import stopSandbox from './stop_sandbox';
import destroySandbox from './destroy_sandbox';
import hotReloadSandbox from './hot_reload_sandbox';
import listSandboxVersions from './list_sandbox_versions';
import rollbackSandbox from './rollback_sandbox';
import runSandboxTests from './run_sandbox_tests';
import runExperiment from './run_experiment';
import sandboxConsole from './sandbox_console';
import getProcessInfo from './get_process_info';
import getProcessState from './get_process_state';
import getProcessStatus from './get_process_status';
import getSupervisionTree from './get_supervision_tree';
import getSupervisor from './get_supervisor';
import injectFault from './inject_fault';
import killProcess from './kill_process';
import listModules from './list_modules';
import listOperations from './list_operations';
import listProcesses from './list_processes';
import listReports from './list_reports';
import listSupervisors from './list_supervisors';
import restartChild from './restart_child';
import resumeProcess from './resume_process';
import nodeHealth from './node_health';
import sendMessage from './send_message';
import startChild from './start_child';
import suspendProcess from './suspend_process';
import systemGraph from './system_graph';
import listAnomalies from './list_anomalies';
import listBottlenecks from './list_bottlenecks';
import getTimeline from './get_timeline';
import listTimelineEvents from './list_timeline_events';
import replayTimeline from './replay_timeline';
import systemHealth from './system_health';
import getSystemConfig from './get_system_config';
import updateSystemConfig from './update_system_config';
import resetSystemConfig from './reset_system_config';
import terminateChild from './terminate_child';
import listSupervisorAnalytics from './list_supervisor_analytics';
import getSupervisorAnalytics from './get_supervisor_analytics';
import listRestarts from './list_restarts';
import exportAnalytics from './export_analytics';
import importAnalytics from './import_analytics';
import clearAnalytics from './clear_analytics';
import getTelemetry from './get_telemetry';
import startTrace from './start_trace';
import listTraces from './list_traces';
import getTraceEvents from './get_trace_events';
import stopTrace from './stop_trace';
import clusterTopology from './cluster_topology';
import clusterHealth from './cluster_health';
import getClusterNode from './get_cluster_node';
import listClusterProcesses from './list_cluster_processes';
import clusterSupervisionTrees from './cluster_supervision_trees';
import startClusterNode from './start_cluster_node';
import stopClusterNode from './stop_cluster_node';
import partitionCluster from './partition_cluster';
import healCluster from './heal_cluster';
import setClusterLinks from './set_cluster_links';

export const operations = [
	listProcesses,
	getProcessInfo,
	getProcessState,
	getProcessStatus,
	suspendProcess,
	resumeProcess,
	killProcess,
	sendMessage,
	injectFault,
	listSupervisors,
	getSupervisor,
	getSupervisionTree,
	startChild,
	terminateChild,
	restartChild,
	listModules,
	listSandboxes,
	createSandbox,
	getSandbox,
	updateSandbox,
	restartSandbox,
	hotReloadSandbox,
	listSandboxVersions,
	rollbackSandbox,
	runSandboxTests,
	runExperiment,
	sandboxConsole,
	stopSandbox,
	destroySandbox,
	startClusterNode,
	clusterTopology,
	clusterHealth,
	getClusterNode,
	listClusterProcesses,
	clusterSupervisionTrees,
	setClusterLinks,
	partitionCluster,
	healCluster,
	stopClusterNode,
	nodeHealth,
	systemHealth,
	listReports,
	systemGraph,
	listAnomalies,
	listBottlenecks,
	getSystemConfig,
	updateSystemConfig,
	resetSystemConfig,
	listSupervisorAnalytics,
	getSupervisorAnalytics,
	listRestarts,
	exportAnalytics,
	importAnalytics,
	clearAnalytics,
	getTelemetry,
	startTrace,
	listTraces,
	getTraceEvents,
	stopTrace,
	getTimeline,
	listTimelineEvents,
	replayTimeline,
	listOperations,
	getApiDocs
] as const satisfies readonly AnyOperation[];
