/**
 * Minutes after a schedule's `stop` the nightly teardown starts (off-hours.yml): the in-cloud schedule has
 * then scaled the node groups to zero and finished, so the destroy never races an update in flight. The
 * teardown's cron (tools/teardown/utc-cron.ts) and the cost model's teardown saving both read it.
 */
export const TEARDOWN_AFTER_STOP_MINUTES = 30;
