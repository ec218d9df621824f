import { RegionalHealthConfig } from "../../health-check/src/contract";

/** A config as the component renders one for an AWS site: the tests' starting point. */
export function validConfig(): RegionalHealthConfig {
  return {
    listenPort: 8080,
    path: "/healthz/region",
    metricsPort: 9090,
    intervalSeconds: 5,
    timeoutMs: 2000,
    failAfter: 2,
    recoverAfter: 3,
    staleAfterSeconds: 15,
    resolver: { address: "10.0.0.2" },
    probes: [
      {
        kind: "postgres",
        name: "database",
        host: "db.cluster-ro-abc.ap-northeast-2.rds.amazonaws.com",
        port: 5432,
        database: "postgres",
        tls: "require",
        userEnv: "DB_USER",
        passwordEnv: "DB_PASSWORD",
      },
      { kind: "https", name: "queue", host: "sqs.ap-northeast-2.amazonaws.com" },
    ],
  };
}
