import { runAsCommand } from "./offline/cli";
import { opsMain } from "./teardown/main";

/** `npm run restore -- <stack>`: bring a torn-down stack back with `pulumi up` (see docs/teardown.md). */
export const main = opsMain("restore");

runAsCommand(module, main);
