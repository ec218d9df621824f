/**
 * The TypeScript loader of the tools and the tests (`node -r ./tools/register.js`, .mocharc.json): esbuild
 * transpiles each file (no type-checking: `npm run typecheck` does that once), and Node's compile cache
 * keeps the compiled SDKs between runs. About a second faster per start than ts-node's transpile-only mode.
 * `pulumi up` does not use it: the Pulumi CLI runs index.ts with its own ts-node.
 */
require("node:module").enableCompileCache?.();
require("esbuild-register/dist/node").register({
  target: "node22",
  // As tsc emits for this project (tsconfig.json: strict, target ES2022): strict-mode CommonJS, and class
  // fields defined with [[Define]] semantics.
  tsconfigRaw: { compilerOptions: { alwaysStrict: true, useDefineForClassFields: true } },
  // esbuild-register's own banner (it defines import.meta.url for CommonJS) would otherwise precede, and so
  // cancel, the "use strict" directive; the same banner with the directive first.
  banner: `"use strict";const __esbuild_register_import_meta_url__ = require("url").pathToFileURL(__filename).href;`,
});
