/**
 * The age rule of the backlog (restanseliste): by default the last three weeks are left out, as a
 * letter that young is not yet late; 0 shows the whole backlog.
 */
export const DEFAULT_BACKLOG_AGE_DAYS = 21;
export const MAX_BACKLOG_AGE_DAYS = 3650;
