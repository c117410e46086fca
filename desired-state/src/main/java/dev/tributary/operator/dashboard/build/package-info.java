/**
 * A Dashboard's children (Grafana dashboard JSON, PrometheusRule, PodMonitor) and the operator's own dashboard: pure,
 * shared with {@code tributary render}. May import the API, Fabric8 model classes, {@code pipeline.build} and
 * {@code metrics.names}.
 */
package dev.tributary.operator.dashboard.build;
