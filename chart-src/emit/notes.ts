/** NOTES.txt (Go template only: Helm prints it after install; `helm lint` checks it). */
export const NOTES_TXT = `Periscope {{ .Chart.AppVersion }} is installed as {{ include "periscope.fullname" . }} in namespace {{ .Release.Namespace }}.
{{- if not .Values.auth.oidc.issuer }}

WARNING: no auth.oidc.issuer is set, so Periscope runs in DEV mode with a fixed identity
({{ .Values.auth.dev.subject }}). Never expose this install; set auth.oidc.* for production.
{{- end }}
{{- if and .Values.auth.oidc.issuer (eq .Values.secrets.mode "existing") }}

The OIDC client secret is read from Secret "{{ .Values.secrets.existing.name }}" (key {{ .Values.secrets.existing.key }}).
Create it first, or the pod will not start:
  kubectl -n {{ .Release.Namespace }} create secret generic {{ .Values.secrets.existing.name }} \\
    --from-literal={{ .Values.secrets.existing.key }}='<client secret>'
{{- end }}
{{- if .Values.podIdentity.enabled }}

EKS Pod Identity: associate the ServiceAccount with your base role once:
  aws eks create-pod-identity-association --cluster-name <hosting-cluster> \\
    --namespace {{ .Release.Namespace }} --service-account {{ include "periscope.serviceAccountName" . }} \\
    --role-arn <arn:aws:iam::ACCOUNT:role/periscope-base>
{{- end }}

Reach it:
{{- if .Values.ingress.enabled }}
  {{ if .Values.ingress.tls.enabled }}https{{ else }}http{{ end }}://{{ .Values.ingress.host }}{{ .Values.ingress.path }}
  The IdP's allowed callback URL must be exactly {{ if .Values.ingress.tls.enabled }}https{{ else }}http{{ end }}://{{ .Values.ingress.host }}/api/auth/callback
{{- $callback := printf "%s://%s/api/auth/callback" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host }}
{{- if and .Values.auth.oidc.issuer (ne .Values.auth.oidc.redirectURL $callback) }}

WARNING: auth.oidc.redirectURL is {{ .Values.auth.oidc.redirectURL | quote }}, not {{ $callback }}.
Sign-in will bounce unless the IdP's callback, auth.oidc.redirectURL and the Ingress agree exactly
(scheme, host, port, no trailing slash).
{{- end }}
{{- else }}
  kubectl -n {{ .Release.Namespace }} port-forward svc/{{ include "periscope.fullname" . }} {{ .Values.service.port }}:{{ .Values.service.port }}
  open http://localhost:{{ .Values.service.port }}/
{{- end }}
{{- if .Values.networkPolicy.enabled }}

NetworkPolicy is on: egress is limited to DNS plus networkPolicy.egress.extra. Allow your IdP, AWS endpoints
and cluster apiservers there, or sign-in and cluster calls will time out (docs/setup/networkpolicy.md).
{{- end }}
`;
