/**
 * The upgrade protocol as pure functions: from what was observed (the Pipeline and its status, the JobManager, what
 * Flink said, the judge's verdict on the plan change) to the next step, with no I/O: the steps, the gate before a
 * running job is stopped, the verification of the new job and the rollback to the previous plan. May import the API
 * types, {@code flink} value types, {@code observe}, {@code pipeline.build.JobDeployment} and the verdict types of
 * {@code sql-check}; never a Kubernetes client, JOSDK or {@code FlinkJobs}.
 */
package dev.tributary.operator.pipeline.upgrade;
