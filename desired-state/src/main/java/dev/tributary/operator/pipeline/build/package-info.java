/**
 * The children a Pipeline should have (plan ConfigMap, JobManager, TaskManagers, volume, PDB, NetworkPolicy,
 * dead-letter topic), their names, labels, pod templates and Flink settings: pure functions of the Pipeline and its
 * plan. May import the API and plan ({@code crds}) and Fabric8 model classes; never a client, JOSDK or Quarkus.
 */
package dev.tributary.operator.pipeline.build;
