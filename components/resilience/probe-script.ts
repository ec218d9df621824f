/**
 * The control-plane probe's loop, as a bash script for an image with bash, coreutils and curl (the pinned
 * AWS CLI image has all three). Every `PROBE_INTERVAL` seconds it requests `/readyz` from the API server
 * with the pod's service-account token and prints one JSON line:
 *
 *   {"probe":"kube-apiserver","path":"/readyz","ok":true,"status":"200","latency_ms":12}
 *
 * `ok` is an HTTP 200 within `PROBE_TIMEOUT` seconds; the latency includes curl's start-up (a few ms),
 * which errs on the safe side. On GKE these lines become a logs-based metric. With
 * `PROBE_PUBLISH=cloudwatch` the loop also sums what it saw and, every `PROBE_PUBLISH_EVERY` seconds,
 * sends one PutMetricData call (ApiRequests, ApiFailures and ApiLatency as a statistic set) per pod; a
 * failed publish drops that batch rather than retrying, so a pod cut off from CloudWatch cannot replay
 * stale data later. The API server's address, token and CA come from what Kubernetes mounts in every pod
 * (`SA_DIR` moves the mount, for tests).
 */
export const PROBE_SCRIPT = String.raw`set -u
SA_DIR=$(printenv SA_DIR || echo /var/run/secrets/kubernetes.io/serviceaccount)
TOKEN_FILE="$SA_DIR/token"
CA_FILE="$SA_DIR/ca.crt"
URL="https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT/readyz"
n=0; failed=0; sum=0; min=0; max=0; last=$(date +%s)

publish() {
  dims="[{\"Name\":\"ClusterName\",\"Value\":\"$CLUSTER_NAME\"}]"
  data="[{\"MetricName\":\"ApiRequests\",\"Dimensions\":$dims,\"Value\":$n,\"Unit\":\"Count\"},"
  data="$data{\"MetricName\":\"ApiFailures\",\"Dimensions\":$dims,\"Value\":$failed,\"Unit\":\"Count\"},"
  data="$data{\"MetricName\":\"ApiLatency\",\"Dimensions\":$dims,\"Unit\":\"Milliseconds\","
  data="$data\"StatisticValues\":{\"SampleCount\":$n,\"Sum\":$sum,\"Minimum\":$min,\"Maximum\":$max}}]"
  aws cloudwatch put-metric-data --namespace "$METRIC_NAMESPACE" --metric-data "$data" >/dev/null 2>&1 ||
    echo '{"probe":"publisher","ok":false}'
}

while true; do
  start=$(date +%s%3N)
  status=$(curl -s -o /dev/null -w '%{http_code}' --max-time "$PROBE_TIMEOUT" --cacert "$CA_FILE" \
    -H "Authorization: Bearer $(cat "$TOKEN_FILE")" "$URL") || status=000
  latency=$(( $(date +%s%3N) - start ))
  ok=false; [ "$status" = 200 ] && ok=true
  printf '{"probe":"kube-apiserver","path":"/readyz","ok":%s,"status":"%s","latency_ms":%d}\n' "$ok" "$status" "$latency"
  n=$((n + 1)); [ "$ok" = true ] || failed=$((failed + 1)); sum=$((sum + latency))
  if [ "$n" -eq 1 ] || [ "$latency" -lt "$min" ]; then min=$latency; fi
  if [ "$latency" -gt "$max" ]; then max=$latency; fi
  now=$(date +%s)
  if [ "$PROBE_PUBLISH" = cloudwatch ] && [ $((now - last)) -ge "$PROBE_PUBLISH_EVERY" ]; then
    publish
    n=0; failed=0; sum=0; min=0; max=0; last=$now
  fi
  sleep "$PROBE_INTERVAL"
done
`;

/** The JSON field every probe line carries, which the GKE logs-based metrics filter on. */
export const PROBE_LOG_MARKER = { field: "probe", value: "kube-apiserver" } as const;
