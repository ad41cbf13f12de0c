// The shape of the demo case stories: what happens in a case, before dates, numbers and statuses
// are worked out by build.ts.
import { type CaseStatus } from '../../../entities/enums';
import { type CodeKey } from '../screeningCodes';
import { type UnitKey } from '../units';
import { type GroupKey } from '../users';

export type PostType = 'I' | 'U' | 'N' | 'X' | 'S';

export interface CorrespondentDef {
  name: string;
  isPerson: boolean;
  address: string | null;
  email: string | null;
}

/** How an I or N post that no reply answers gets written off (if at all). */
export type WriteOffHint = 'TO' | 'TE' | 'TLF' | 'BE';

export interface StepDef {
  type: PostType;
  /** With `{…}` around the words to hide when the TITLE is screened */
  title: string;
  /** Explicit public title, instead of the one derived from the markers */
  publicTitle?: string;
  /** Days after the previous step of the episode (the first step: after the episode start) */
  gap?: number;
  /** SENDER(s) of an I post */
  from?: CorrespondentDef[];
  /** RECIPIENT(s) of a U post */
  to?: CorrespondentDef[];
  copy?: CorrespondentDef[];
  /** Names this step so a step of another episode can answer it */
  key?: string;
  /** Earlier I or N steps this one answers and so writes off: an index in the same episode, or a key */
  answers?: (number | string)[];
  writeOff?: WriteOffHint;
  /** Screening of this post instead of the case's */
  code?: CodeKey;
  /** Access group of this post instead of the case's (none) */
  group?: GroupKey;
  /** Skjermingshjemmel overriding the code's */
  legalBasis?: string;
  /** Goes to a leader for approval (vedtak, sakkyndig vurdering, saksframlegg) */
  approval?: boolean;
  cancelled?: boolean;
}

export type Placement =
  /** at the creation of the case */
  | 'start'
  /** anywhere in the life of the case */
  | 'random'
  /** just before the case is closed, or recently for an open case */
  | 'end'
  /** this many days before the reference date */
  | { daysAgo: number };

export interface EpisodeDef {
  placement: Placement;
  steps: StepDef[];
}

/** A party (sakspart) of a case: identifiers synthetic (db/seed/identifiers.ts). */
export interface PartyDef {
  name: string;
  role: string;
  nationalId?: string;
  organizationNumber?: string;
  postalAddress?: string;
  postalCode?: string;
  postalTown?: string;
}

export interface CaseDef {
  unit: UnitKey;
  title: string;
  publicTitle?: string;
  group?: GroupKey;
  code?: CodeKey;
  legalBasis?: string;
  /** Creation date */
  created: string;
  status: CaseStatus;
  /** For closed cases: days from creation to the handler's closing */
  closeAfter?: number;
  /** Usernames; picked among the unit's handlers when missing */
  responsible?: string;
  createdBy?: string;
  /** Internal contacts (usernames) */
  contacts?: string[];
  /** Parties (sakspart), in their order */
  parties?: PartyDef[];
  episodes: EpisodeDef[];
}
