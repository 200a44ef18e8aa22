{{/* Labels every object carries. */}}
{{- define "meshgate.labels" -}}
app.kubernetes.io/part-of: meshgate
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The selector labels of one component: (dict "root" $ "component" "controller"). */}}
{{- define "meshgate.selector" -}}
app.kubernetes.io/name: meshgate
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* One image reference: (dict "root" $ "name" "controlPlane"). */}}
{{- define "meshgate.image" -}}
{{- $image := .root.Values.image -}}
{{- printf "%s/%s:%s" $image.registry (get $image.name .name) (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* The egress gateway's tunnel port: the MeshConfig's (FSM's key wins), so gateway and MeshConfig agree. */}}
{{- define "meshgate.egressPort" -}}
{{- default .Values.meshConfig.spec.egressGateway.port .Values.fsm.egressGateway.port -}}
{{- end -}}

{{/* The control plane's names. */}}
{{- define "meshgate.controller" -}}fsm-controller{{- end -}}
{{- define "meshgate.controllerHost" -}}
{{- printf "%s.%s.svc" (include "meshgate.controller" .) .Release.Namespace -}}
{{- end -}}
