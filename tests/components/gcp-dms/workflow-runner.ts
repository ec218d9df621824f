import { parse } from "yaml";

/**
 * A small interpreter for the Cloud Workflows syntax the promotion workflow uses (assign, switch with
 * condition/assign/next/return, call with args/result, try/except with `as`, raise, return, next), so its
 * control flow runs in the tests against stub connectors. Expressions are translated to JavaScript for the
 * operators and functions the workflow uses; anything else is an error, not a guess.
 * @see https://cloud.google.com/workflows/docs/reference/syntax
 */
export type Connector = (args: Record<string, unknown>) => unknown;

export interface RunResult {
  readonly returned: unknown;
  /** Every call made, in order, with its evaluated arguments. */
  readonly calls: { readonly name: string; readonly args: Record<string, unknown> }[];
}

const FUNCTIONS = {
  __mapget: (m: Record<string, unknown> | null | undefined, key: string) => (m == null ? null : (m[key] ?? null)),
  __default: (value: unknown, fallback: unknown) => (value == null ? fallback : value),
  __b64: (s: string) => Buffer.from(s, "base64").toString("utf8"),
  __jsondecode: (s: string) => JSON.parse(s),
};

function translate(expression: string): string {
  const js = expression
    .replace(/("[^"]*") in ([\w.]+)/g, "$2.includes($1)")
    .replace(/\bmap\.get\(/g, "__mapget(")
    .replace(/\bdefault\(/g, "__default(")
    .replace(/\bbase64\.decode\(/g, "__b64(")
    .replace(/\bjson\.decode\(/g, "__jsondecode(")
    .replace(/ or /g, " || ")
    .replace(/ and /g, " && ")
    .replace(/\bnot /g, "!");
  if (/\b(sys|text|list|math|http|time)\./.test(js)) {
    throw new Error(`the runner does not implement: ${expression}`);
  }
  return js;
}

function evaluate(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === "string") {
    const m = /^\$\{([\s\S]*)\}$/.exec(value);
    if (!m) {
      return value;
    }
    const names = [...Object.keys(FUNCTIONS), ...Object.keys(vars)];
    const fn = new Function(...names, `return (${translate(m[1] as string)});`);
    return fn(...Object.values(FUNCTIONS), ...Object.values(vars));
  }
  if (Array.isArray(value)) {
    return value.map((v) => evaluate(v, vars));
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, vars)]));
  }
  return value;
}

type Step = Record<string, Record<string, unknown>>;
class Returned {
  constructor(public readonly value: unknown) {}
}

/** Runs the workflow's `main` with `event` as its parameter. */
export function runWorkflow(source: string, event: unknown, connectors: Record<string, Connector>): RunResult {
  const main = (parse(source) as { main: { params: string[]; steps: Step[] } }).main;
  const vars: Record<string, unknown> = { [main.params[0] as string]: event };
  const calls: { name: string; args: Record<string, unknown> }[] = [];

  const runSteps = (steps: Step[]): void => {
    let i = 0;
    while (i < steps.length) {
      const [name, body] = Object.entries(steps[i] as Step)[0] as [string, Record<string, unknown>];
      const next = runStep(name, body);
      if (next === "end") {
        return;
      }
      if (next !== undefined) {
        const target = steps.findIndex((s) => Object.keys(s)[0] === next);
        if (target < 0) {
          throw new Error(`step ${name}: next "${next}" is not a step`);
        }
        i = target;
      } else {
        i++;
      }
    }
  };
  const assign = (list: unknown) => {
    for (const entry of list as Record<string, unknown>[]) {
      const [k, v] = Object.entries(entry)[0] as [string, unknown];
      vars[k] = evaluate(v, vars);
    }
  };
  const runStep = (name: string, body: Record<string, unknown>): string | undefined => {
    if (body.assign) {
      assign(body.assign);
    }
    if (body.switch) {
      for (const c of body.switch as Record<string, unknown>[]) {
        if (evaluate(c.condition, vars)) {
          if (c.assign) {
            assign(c.assign);
          }
          if ("return" in c) {
            throw new Returned(evaluate(c.return, vars));
          }
          return c.next as string | undefined;
        }
      }
    }
    if (body.try) {
      try {
        runStep(`${name}.try`, body.try as Record<string, unknown>);
      } catch (e) {
        if (e instanceof Returned) {
          throw e;
        }
        const except = body.except as { as: string; steps: Step[] };
        vars[except.as] = e;
        runSteps(except.steps);
      }
    }
    if (body.call) {
      const callName = body.call as string;
      const args = evaluate(body.args ?? {}, vars) as Record<string, unknown>;
      calls.push({ name: callName, args });
      const connector = connectors[callName];
      if (!connector) {
        throw new Error(`step ${name}: no stub for ${callName}`);
      }
      const result = connector(args);
      if (body.result) {
        vars[body.result as string] = result;
      }
    }
    if ("raise" in body) {
      throw evaluate(body.raise, vars);
    }
    if ("return" in body) {
      throw new Returned(evaluate(body.return, vars));
    }
    return body.next as string | undefined;
  };

  try {
    runSteps(main.steps);
    return { returned: null, calls };
  } catch (e) {
    if (e instanceof Returned) {
      return { returned: e.value, calls };
    }
    throw e;
  }
}
