{{/*
Standard names and labels. Kubernetes names are limited to 63 characters (DNS label), so every
name is truncated; the suffixed names below stay within the limit because fullname is cut to 50.
*/}}
{{- define "curfew-agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "curfew-agent.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "curfew-agent.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "curfew-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "curfew-agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "curfew-agent.labels" -}}
helm.sh/chart: {{ include "curfew-agent.chart" . }}
{{ include "curfew-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: curfew
{{- end }}

{{- define "curfew-agent.serviceAccountName" -}}
{{- default (include "curfew-agent.fullname" .) .Values.serviceAccount.name }}
{{- end }}

{{- define "curfew-agent.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "curfew-agent.webhookServiceName" -}}
{{- printf "%s-webhook" (include "curfew-agent.fullname" .) }}
{{- end }}

{{- define "curfew-agent.webhookSecretName" -}}
{{- printf "%s-webhook-tls" (include "curfew-agent.fullname" .) }}
{{- end }}

{{/* The Secret holding the agent token: the user's, or the one this chart makes from token.value. */}}
{{- define "curfew-agent.tokenSecretName" -}}
{{- if .Values.token.existingSecret }}
{{- .Values.token.existingSecret }}
{{- else if .Values.token.value }}
{{- printf "%s-token" (include "curfew-agent.fullname" .) }}
{{- else }}
{{- fail "curfew-agent: set token.existingSecret (a Secret holding the agent token) or token.value (the token printed when the cluster was registered)" }}
{{- end }}
{{- end }}

{{/*
Namespaces the agent never touches, for the webhook selector and CURFEW_SYSTEM_NAMESPACES:
the always-excluded ones from files/webhooks.yaml, the release namespace, values.systemNamespaces.
*/}}
{{- define "curfew-agent.systemNamespaces" -}}
{{- $hooks := .Files.Get "files/webhooks.yaml" | fromYaml }}
{{- concat $hooks.namespaceSelector.alwaysExcluded (list .Release.Namespace) .Values.systemNamespaces | uniq | toJson }}
{{- end }}

{{/* namespaceSelector for both webhooks: the mode's label requirement, system namespaces excluded. */}}
{{- define "curfew-agent.webhookNamespaceSelector" -}}
{{- $selector := (.Files.Get "files/webhooks.yaml" | fromYaml).namespaceSelector }}
{{- $modeRequirement := index $selector.modes .Values.mode }}
{{- if not $modeRequirement }}
{{- fail (printf "curfew-agent: mode must be opt-in or opt-out, not %q" .Values.mode) }}
{{- end }}
{{- $system := include "curfew-agent.systemNamespaces" . | fromJsonArray }}
matchExpressions:
  {{- toYaml (list $modeRequirement) | nindent 2 }}
  - key: {{ $selector.nameLabel }}
    operator: NotIn
    values:
      {{- toYaml $system | nindent 6 }}
{{- end }}

{{/*
cloud.prices as CURFEW_CLOUD_PRICES: `ec2/t3.medium=0.0416,rds/db.t3.medium=0.072` (sorted keys).
*/}}
{{- define "curfew-agent.cloudPrices" -}}
{{- $pairs := list }}
{{- range $key, $price := .Values.cloud.prices }}
{{- $pairs = append $pairs (printf "%s=%v" $key $price) }}
{{- end }}
{{- join "," $pairs }}
{{- end }}
