package dev.tributary.operator.status;

/** Why a Dashboard's Ready condition is what it is. */
public enum DashboardReason {
    /** Every child is written and every selected Pipeline exists. */
    Applied,
    /** The selection names Pipelines that do not exist, or its selector matches none. */
    PipelinesNotFound,
    /** {@code grafana.grafanaOperator} is set but the GrafanaDashboard CRD is not installed. */
    GrafanaOperatorMissing,
    /** {@code alerts.enabled} is true but the PrometheusRule CRD is not installed. */
    PrometheusOperatorMissing,
    /** The API server refused a child. */
    ApplyFailed,
    /** The operator failed in a way that says nothing about the spec. */
    InternalError
}
