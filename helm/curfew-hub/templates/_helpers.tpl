{{/*
Standard names and labels. Kubernetes names are limited to 63 characters (DNS label), so every
name is truncated; the suffixed names below stay within the limit because fullname is cut to 50.
*/}}
{{- define "curfew-hub.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "curfew-hub.fullname" -}}
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

{{- define "curfew-hub.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "curfew-hub.selectorLabels" -}}
app.kubernetes.io/name: {{ include "curfew-hub.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "curfew-hub.labels" -}}
helm.sh/chart: {{ include "curfew-hub.chart" . }}
{{ include "curfew-hub.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: curfew
{{- end }}

{{- define "curfew-hub.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "curfew-hub.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "curfew-hub.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The bundled Redis (trial installs only). */}}
{{- define "curfew-hub.redisName" -}}
{{- printf "%s-redis" (include "curfew-hub.fullname" .) }}
{{- end }}

{{- define "curfew-hub.redisSelectorLabels" -}}
app.kubernetes.io/name: {{ include "curfew-hub.name" . }}-redis
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
REDIS_URL for the hub container. Exactly one source is allowed, so an install never silently talks
to a Redis the operator did not mean: an external URL, a URL from a Secret (when it carries a
password), or the bundled trial Redis.
*/}}
{{- define "curfew-hub.redisEnv" -}}
{{- $sources := 0 }}
{{- if .Values.redisUrl }}{{ $sources = add1 $sources }}{{ end }}
{{- if .Values.redisUrlSecret.name }}{{ $sources = add1 $sources }}{{ end }}
{{- if .Values.redis.enabled }}{{ $sources = add1 $sources }}{{ end }}
{{- if ne (int $sources) 1 }}
{{- fail "curfew-hub: set exactly one of redisUrl (redis://host:6379), redisUrlSecret.name (a Secret holding the URL) or redis.enabled=true (a small bundled Redis for trial installs)" }}
{{- end }}
- name: REDIS_URL
{{- if .Values.redisUrlSecret.name }}
  valueFrom:
    secretKeyRef:
      name: {{ .Values.redisUrlSecret.name }}
      key: {{ .Values.redisUrlSecret.key }}
{{- else if .Values.redis.enabled }}
  value: {{ printf "redis://%s:6379" (include "curfew-hub.redisName" .) | quote }}
{{- else }}
  value: {{ .Values.redisUrl | quote }}
{{- end }}
{{- end }}

{{/*
The hub's public https base URL, no trailing slash: publicUrl, else the HTTP ingress host (the
ingress terminates TLS), else empty (the hub then answers GET /slack/manifest saying so).
*/}}
{{- define "curfew-hub.publicUrl" -}}
{{- if .Values.publicUrl }}
{{- trimSuffix "/" .Values.publicUrl }}
{{- else if .Values.ingress.http.enabled }}
{{- printf "https://%s" .Values.ingress.http.host }}
{{- end }}
{{- end }}

{{/*
host:port agents dial: publicGrpcAddress, else the gRPC ingress host on 443, else empty (the hub
then prints install commands with a placeholder and says PUBLIC_GRPC_ADDRESS is needed).
*/}}
{{- define "curfew-hub.publicGrpcAddress" -}}
{{- if .Values.publicGrpcAddress }}
{{- .Values.publicGrpcAddress }}
{{- else if .Values.ingress.grpc.enabled }}
{{- printf "%s:443" .Values.ingress.grpc.host }}
{{- end }}
{{- end }}

{{/* The agent chart version the printed install command pins. */}}
{{- define "curfew-hub.agentChartVersion" -}}
{{- default .Chart.Version .Values.agentChartVersion }}
{{- end }}
