/**
 * Published versions of the Helm charts the clusters install, from each chart repository's index. A
 * pinned version that is not listed is reported before Helm would fail mid-deployment; listing only
 * recent releases also flags a pin that has fallen far behind. Add versions as they are published.
 */
export interface ChartCatalogue {
  /** The `helm repo add` URL and chart name. */
  readonly repository: string;
  readonly chart: string;
  /** Where the list was read. */
  readonly source: string;
  /** The newest entry's publication date: the list is complete up to it. */
  readonly asOf: string;
  /** Published versions, newest first. */
  readonly versions: readonly string[];
}

export const CLUSTER_AUTOSCALER_CHART: ChartCatalogue = {
  repository: "https://kubernetes.github.io/autoscaler",
  chart: "cluster-autoscaler",
  source: "https://github.com/kubernetes/autoscaler/blob/gh-pages/index.yaml",
  asOf: "2026-03-02",
  // Every release since 9.46.0 (January 2025, cluster-autoscaler 1.32).
  versions: [
    "9.56.0",
    "9.55.1",
    "9.55.0",
    "9.54.1",
    "9.54.0",
    "9.53.0",
    "9.52.1",
    "9.52.0",
    "9.51.0",
    "9.50.1",
    "9.50.0",
    "9.49.0",
    "9.48.0",
    "9.47.0",
    "9.46.6",
    "9.46.5",
    "9.46.4",
    "9.46.3",
    "9.46.2",
    "9.46.1",
    "9.46.0",
  ],
};

export const LOAD_BALANCER_CONTROLLER_CHART: ChartCatalogue = {
  repository: "https://aws.github.io/eks-charts",
  chart: "aws-load-balancer-controller",
  source: "https://github.com/aws/eks-charts/blob/gh-pages/index.yaml",
  // The index read lists up to 1.13.4 (2025-09-29); 1.14.0 to 1.16.0 are the charts of controller v2.14.0
  // to v2.16.0, released through eks-charts v0.0.217 (2025-11-20, https://github.com/aws/eks-charts/releases).
  asOf: "2025-11-20",
  // Every release since 1.8.0 (controller v2.8.0, May 2024).
  versions: [
    "1.16.0",
    "1.15.0",
    "1.14.0",
    "1.13.4",
    "1.13.3",
    "1.13.2",
    "1.13.1",
    "1.13.0",
    "1.12.0",
    "1.11.0",
    "1.10.1",
    "1.10.0",
    "1.9.2",
    "1.9.1",
    "1.9.0",
    "1.8.4",
    "1.8.3",
    "1.8.2",
    "1.8.1",
    "1.8.0",
  ],
};
