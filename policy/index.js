/* global __dirname */
// The pack's entry point, as `main` names it. From source (this repository: `pulumi preview --policy-pack
// policy`, tools/policy/analyzer.ts) index.ts runs through the ts-node the Pulumi launcher registers, and
// @dr-platform/model and @dr-platform/dr resolve through the repository's npm workspaces. A packed copy
// (`npm pack`, which `pulumi policy publish` runs) holds no .ts file: it runs the bundle the prepack script
// built, which carries the model and the DR arithmetic with it (docs/model.md).
const fs = require("fs");
const path = require("path");

const source = path.join(__dirname, "index.ts");
module.exports = fs.existsSync(source) ? require(source) : require("./dist/index.js");
