// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// `??` is the only way to default: `||` is wrong for 0, false and Outputs
// (https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/Nullish_coalescing).
const NULLISH_DEFAULT = {
  selector: "LogicalExpression[operator='||'][right.type=/Literal|ArrayExpression|ObjectExpression/]",
  message: "Default with ?? rather than ||: || also replaces 0, false and empty strings.",
};

// What an environment requires and allows is one table (stack-config/profiles.ts): code reads a capability
// (`PROFILES[env].mayTeardown`), never the environment's name, so a fourth environment is a row there.
const NAME = "/^(Literal|TemplateLiteral)$/";
const isEnvironment = (side) => [
  `[${side}.name='environment']`,
  `[${side}.property.name='environment']`,
  `[${side}.expression.property.name='environment']`,
];
const comparedToName = (side, other) => isEnvironment(side).map((s) => `${s}[${other}.type=${NAME}]`);
const NO_ENVIRONMENT_NAMES = [
  {
    selector: `BinaryExpression[operator=/^[!=]=/]:matches(${[...comparedToName("left", "right"), ...comparedToName("right", "left")].join(", ")})`,
    message:
      "Read a capability from the environment profile (stack-config/profiles.ts) instead of comparing environment names.",
  },
  {
    selector: `SwitchStatement:matches(${isEnvironment("discriminant").join(", ")})`,
    message:
      "Read a capability from the environment profile (stack-config/profiles.ts) instead of switching on environment names.",
  },
];

// Boundaries between folders (https://eslint.org/docs/latest/rules/no-restricted-imports): components take
// arguments and never read the stack config, the config contract never loads a component, and lib/ holds the
// pure facts and helpers both sides share. Wiring (and index.ts) is the one place that imports both sides.
const STACK_CONFIG = ["**/stack-config", "**/stack-config/**"];
const WIRING = ["**/wiring", "**/wiring/**", "**/config"];
const COMPONENTS = ["**/components", "**/components/**"];
const COMPONENTS_IMPORT = {
  group: [...STACK_CONFIG, ...WIRING],
  message:
    "Components take arguments: declare the argument type in the component (wiring passes the config to it), or move a fact both sides need to lib/.",
};
const STACK_CONFIG_IMPORTS = {
  group: COMPONENTS,
  message:
    "The config contract does not load components: move a fact both sides need to lib/ (pure, dependency-free), or keep the config's own rule here.",
};
const STACK_CONFIG_WIRING = {
  group: WIRING.filter((p) => p !== "**/config"),
  message: "The config contract does not read wiring: wiring reads the config, never the reverse.",
};
// The deep check's runtime is bundled on its own and runs in a pod: it imports Node, its own dependencies
// and its own folder only (components import its contract, never the reverse).
const HEALTH_CHECK_IMPORTS = {
  group: ["../../*", "../../../*", "**/components/**", "**/lib/**", "**/model/**", "**/dr/**"],
  message:
    "health-check/ runs alone in a pod: keep what it needs in health-check/src (components import its contract).",
};
const LIB_IMPORTS = {
  group: [...STACK_CONFIG, ...WIRING, ...COMPONENTS],
  message: "lib/ is pure and shared by components and the config contract, so it imports neither.",
};

export default tseslint.config(
  { ignores: ["node_modules/", "build/", ".plan/", "eslint.config.mjs", "health-check/dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // The mock engine and the gRPC monitor are untyped SDK internals; `any` is confined to tools/offline.
      "@typescript-eslint/no-explicit-any": ["error", { ignoreRestArgs: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-restricted-syntax": ["error", NULLISH_DEFAULT, ...NO_ENVIRONMENT_NAMES],
    },
  },
  {
    // The benchmark's floor program is plain CommonJS on purpose (no TypeScript in the measurement).
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", process: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["tools/offline/**/*.ts", "tests/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["tests/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off", "@typescript-eslint/no-non-null-assertion": "off" },
  },
  {
    files: ["components/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [COMPONENTS_IMPORT] }] },
  },
  {
    files: ["stack-config/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [STACK_CONFIG_IMPORTS, STACK_CONFIG_WIRING] }] },
  },
  {
    files: ["lib/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [LIB_IMPORTS] }] },
  },
  {
    files: ["health-check/src/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [HEALTH_CHECK_IMPORTS] }] },
  },
  {
    // The profile table is where environments are named.
    files: ["stack-config/profiles.ts"],
    rules: { "no-restricted-syntax": ["error", NULLISH_DEFAULT] },
  },
);
