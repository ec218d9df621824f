/**
 * Kubernetes minor versions Amazon EKS offers, with their support dates (UTC), from the EKS release
 * calendar. A version is listed while EKS still creates clusters on it (standard or extended support) as
 * of the catalogue's date. Validation only asks whether a version is listed, never compares with today,
 * so a stack does not start failing because time passed; the cost model reads `endOfStandardSupport`
 * (extended support is billed per cluster hour from that day).
 *
 * The 1.35 row came after the copy of the calendar read here (which ends at 1.34); its dates are the
 * release announcement's as mirrored by https://endoflife.date/amazon-eks. Add a row when EKS releases a
 * version, and drop one when its extended support has ended.
 */
export const EKS_VERSIONS_SOURCE = "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html";
export const EKS_VERSIONS_AS_OF = "2026-02-14";

export interface EksVersion {
  /** Kubernetes minor version, as `eks.version` takes it. */
  readonly version: string;
  /** Amazon EKS release date, ISO. */
  readonly released: string;
  /** Last day of standard support, ISO; extended support (billed per cluster hour) starts the day after. */
  readonly endOfStandardSupport: string;
  /** Last day of extended support, ISO; EKS upgrades the control plane after it. */
  readonly endOfExtendedSupport: string;
}

export const EKS_VERSIONS: readonly EksVersion[] = [
  { version: "1.35", released: "2026-01-27", endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
  { version: "1.34", released: "2025-10-02", endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
  { version: "1.33", released: "2025-05-29", endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
  { version: "1.32", released: "2025-01-23", endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
  { version: "1.31", released: "2024-09-26", endOfStandardSupport: "2025-11-26", endOfExtendedSupport: "2026-11-26" },
  { version: "1.30", released: "2024-05-23", endOfStandardSupport: "2025-07-23", endOfExtendedSupport: "2026-07-23" },
  { version: "1.29", released: "2024-01-23", endOfStandardSupport: "2025-03-23", endOfExtendedSupport: "2026-03-23" },
];

/** The catalogue's row for a version, if EKS offers it. */
export function eksVersion(version: string): EksVersion | undefined {
  return EKS_VERSIONS.find((v) => v.version === version);
}
