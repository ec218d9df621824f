// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "build/", ".plan/", "eslint.config.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // The mock engine and the gRPC monitor are untyped SDK internals; `any` is confined to tools/offline.
      "@typescript-eslint/no-explicit-any": ["error", { ignoreRestArgs: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // `??` is the only way to default: `||` is wrong for 0, false and Outputs
      // (https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Operators/Nullish_coalescing).
      "no-restricted-syntax": [
        "error",
        {
          selector: "LogicalExpression[operator='||'][right.type=/Literal|ArrayExpression|ObjectExpression/]",
          message: "Default with ?? rather than ||: || also replaces 0, false and empty strings.",
        },
      ],
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
);
