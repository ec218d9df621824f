/**
 * How a setup script runs wherever it runs (a Kubernetes Job on EKS, a Cloud Run job on Google Cloud, the
 * tests): `psql` reads the script from one environment variable on stdin, so meta-commands (`\if`, `\gexec`,
 * `\connect`) work, and each psql variable comes from an environment variable of its own, so a password is
 * never in the command line, the script or the pod spec. The connection itself is libpq's `PG*` variables.
 */

/** The environment variable that holds the script. */
export const SCRIPT_ENV = "SETUP_SQL";

/** A psql variable's environment variable: `app_password` -> `SETUP_VAR_APP_PASSWORD`. */
export function variableEnv(variable: string): string {
  return `SETUP_VAR_${variable.toUpperCase()}`;
}

const VARIABLE_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * The container command: `sh -c` running psql with ON_ERROR_STOP (the first failed statement fails the run,
 * so the job is retried or reported, never half-applied silently), no `~/.psqlrc`, and one `-v` per variable.
 */
export function psqlCommand(variables: readonly string[]): string[] {
  const bad = variables.filter((v) => !VARIABLE_NAME.test(v));
  if (bad.length > 0) {
    throw new Error(`psql variable names must match ${VARIABLE_NAME}: ${bad.join(", ")}`);
  }
  const vars = variables.map((v) => `-v ${v}="$${variableEnv(v)}"`).join(" ");
  return ["sh", "-c", `printf '%s\\n' "$${SCRIPT_ENV}" | exec psql -X -q -v ON_ERROR_STOP=1 ${vars} -f -`.trim()];
}
