import { describe, expect, it } from 'vitest';
import {
  mayClosePart,
  mayStartNewPeriod,
  takesNewCases,
  takesNewPosts,
} from '../../src/domain/archiveParts';
import { ArchivePartStatus } from '../../src/entities/enums';

const { ACTIVE, OVERLAP, CLOSED_PERIOD, CLOSED } = ArchivePartStatus;
const all = [ACTIVE, OVERLAP, CLOSED_PERIOD, CLOSED];
const which = (rule: (s: ArchivePartStatus) => boolean) => all.filter(rule);

describe('Periodisering by status: what each archive part status allows', () => {
  it('only the active part takes new cases', () => {
    expect(which(takesNewCases)).toEqual([ACTIVE]);
  });

  it('every part but a closed one takes new posts in its open cases', () => {
    expect(which(takesNewPosts)).toEqual([ACTIVE, OVERLAP, CLOSED_PERIOD]);
  });

  it('a new period starts from the active part; a part whose period ended can be closed', () => {
    expect(which(mayStartNewPeriod)).toEqual([ACTIVE]);
    expect(which(mayClosePart)).toEqual([OVERLAP, CLOSED_PERIOD]);
  });
});
