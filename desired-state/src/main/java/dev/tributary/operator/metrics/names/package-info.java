/**
 * The names and labels of the operator's own metrics, as Prometheus sees them: the operator registers them, the
 * dashboards query them. Constants only; imports nothing.
 */
package dev.tributary.operator.metrics.names;
