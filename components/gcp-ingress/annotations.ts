/**
 * The annotations the backend Service needs for GkeServiceIngress, to be set on the Service itself (the
 * Service is the workload's, not this component's):
 * - `cloud.google.com/neg: {"ingress": true}`: container-native load balancing. The load balancer sends
 *   to pod IPs through network endpoint groups instead of node ports, health-checks the pods themselves,
 *   and GKE adds a readiness gate so a rollout waits for the load balancer to see new pods.
 * - `cloud.google.com/backend-config: {"default": "<name>"}`: the BackendConfig (health check path,
 *   connection draining) for every port of the Service.
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/container-native-load-balancing
 * @see https://cloud.google.com/kubernetes-engine/docs/how-to/ingress-configuration#associating_backendconfig_with_your_ingress
 */
export function gkeServiceAnnotations(backendConfigName: string): Record<string, string> {
  return {
    "cloud.google.com/neg": '{"ingress": true}',
    "cloud.google.com/backend-config": JSON.stringify({ default: backendConfigName }),
  };
}
