import { type Viewer, type UserViewer } from '../auth/viewer';

/**
 * An internal user is a signed-in user who holds at least one role now. A user whose every grant
 * has ended is treated like the public: nothing internal exists for them.
 */
export function isInternal(viewer: Viewer): viewer is UserViewer {
  return viewer.kind === 'user' && viewer.grants.length > 0;
}
