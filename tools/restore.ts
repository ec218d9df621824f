import { main } from "./teardown/main";

// `npm run restore -- <stack>`: bring a torn-down stack back with `pulumi up` (see docs/teardown.md).
main("restore");
