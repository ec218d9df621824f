import { main } from "./teardown/main";

// `npm run teardown -- <stack>`: refresh, then destroy an ephemeral stack (see docs/teardown.md).
main("teardown");
