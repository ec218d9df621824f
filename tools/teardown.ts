import { runAsCommand } from "./offline/cli";
import { opsMain } from "./teardown/main";

/** `npm run teardown -- <stack>`: refresh, then destroy an ephemeral stack (see docs/teardown.md). */
export const main = opsMain("teardown");

runAsCommand(module, main);
