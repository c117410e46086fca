/**
 * The upgrade protocol as pure functions: from what was observed (the Pipeline and its status, the JobManager, what
 * Flink said) to the next step, with no I/O. May import the API types, {@code flink} value types, {@code observe} and
 * {@code pipeline.build.JobDeployment}; never a Kubernetes client, JOSDK or {@code FlinkJobs}.
 */
package dev.tributary.operator.pipeline.upgrade;
