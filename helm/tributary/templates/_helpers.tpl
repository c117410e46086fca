{{/* The release's full name, used for every object the chart makes (63 characters at most). */}}
{{- define "tributary.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "tributary.selectorLabels" -}}
app.kubernetes.io/name: tributary-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "tributary.labels" -}}
{{ include "tributary.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: tributary
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "tributary.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "tributary.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false: name an existing ServiceAccount" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "tributary.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "tributary.pipelineImage" -}}
{{- printf "%s:%s" .Values.pipelines.image.repository (default .Chart.AppVersion .Values.pipelines.image.tag) -}}
{{- end -}}

{{/*
The rules on namespaced objects, the same in the ClusterRole (every namespace) and in each watched namespace's
Role. README.md says why each one is there.
*/}}
{{- define "tributary.namespacedRules" -}}
# The four kinds: the controllers' informers; patch on Sources and Sinks adds and removes the topic-deletion finalizer.
- apiGroups: [tributary.dev]
  resources: [sources, sinks]
  verbs: [get, list, watch, patch]
- apiGroups: [tributary.dev]
  resources: [pipelines, dashboards]
  verbs: [get, list, watch]
# Status is written by server-side apply on the status subresource only.
- apiGroups: [tributary.dev]
  resources: [sources/status, sinks/status, pipelines/status, dashboards/status]
  verbs: [patch]
# Children carry owner references with blockOwnerDeletion, which the OwnerReferencesPermissionEnforcement
# admission plugin (OpenShift, hardened clusters) allows only with update on the owner's finalizers.
- apiGroups: [tributary.dev]
  resources: [pipelines/finalizers, dashboards/finalizers]
  verbs: [update]
# A Pipeline's children, applied server-side (create + patch) and watched by label.
- apiGroups: [""]
  resources: [configmaps, services, persistentvolumeclaims]
  verbs: [list, watch, create, patch]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [list, watch, create, patch]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [list, watch, create, patch]
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [list, watch, create, patch]
# An event for every change made and every error met.
- apiGroups: [""]
  resources: [events]
  verbs: [create]
# Kafka credentials and CA certificates named by spec.kafkaConnection: read when a client is made, never written.
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
{{- if .Values.rbac.dashboards }}
# Dashboards: Grafana dashboards (labelled ConfigMaps or GrafanaDashboards), PrometheusRules and PodMonitors.
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, update, delete]
- apiGroups: [monitoring.coreos.com]
  resources: [prometheusrules, podmonitors]
  verbs: [get, list, watch, create, update, patch, delete]
- apiGroups: [grafana.integreatly.org]
  resources: [grafanadashboards]
  verbs: [get, list, watch, create, update, patch, delete]
{{- end }}
{{- end -}}
