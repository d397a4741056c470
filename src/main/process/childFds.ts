/**
 * The extra pipes between a managed process and its child, and the environment variables that tell the
 * child where they are. Shared by both sides (the parent's ManagedProcess and the child helpers), and
 * mirrored by python-bridge/udw_bridge/parent_watch.py and events.py: keep the numbers in step.
 */

/** The child writes structured events here, one JSON object per line. */
export const EVENTS_FD = 3;
/** The parent holds the other end open for its whole life and never writes; EOF means the parent is gone. */
export const CONTROL_FD = 4;

export const EVENTS_FD_ENV = 'UDW_EVENTS_FD';
export const PARENT_WATCH_FD_ENV = 'UDW_PARENT_WATCH_FD';

/** What a child exits with when it finds its parent gone (EX_UNAVAILABLE in sysexits.h). */
export const PARENT_GONE_EXIT_CODE = 69;
