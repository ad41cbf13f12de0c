import { type FieldMap } from './sql';

/**
 * The policy fields of each subject in SQL, over the table aliases of a query. Rules may use these
 * fields and no others: any other field makes the SQL translation throw.
 *
 * `organisationId` is in every map: ability.ts narrows every rule to the viewer's organisation.
 */

/**
 * The one field of the directory and archive subjects (units, users, access groups, screening
 * codes, archives, archive parts, classification systems): their organisation. `alias` is left
 * out for a query over that one table.
 */
export function organisationFields(alias?: string): FieldMap {
  return { organisationId: { column: alias ? `${alias}.organisation_id` : 'organisation_id' } };
}

export function caseFields(c: string): FieldMap {
  return {
    ...organisationFields(c),
    id: { column: `${c}.id` },
    accessGroupId: { column: `${c}.access_group_id` },
    createdById: { column: `${c}.created_by_id` },
    caseResponsibleId: { column: `${c}.case_responsible_id` },
    responsibleUnitId: { column: `${c}.responsible_unit_id` },
    status: { column: `${c}.status` },
    internalContactIds: {
      contains: (list) =>
        `${c}.id in (select ic.case_id from case_internal_contact ic where ic.user_id in (${list}))`,
    },
  };
}

/** Journal posts, with their case joined as `c`. */
export function journalPostFields(jp: string, c: string): FieldMap {
  return {
    ...organisationFields(jp),
    id: { column: `${jp}.id` },
    accessGroupId: { column: `${jp}.access_group_id` },
    responsibleId: { column: `${jp}.responsible_id` },
    createdById: { column: `${jp}.created_by_id` },
    approverId: { column: `${jp}.approver_id` },
    type: { column: `${jp}.type` },
    status: { column: `${jp}.status` },
    caseCreatedById: { column: `${c}.created_by_id` },
    caseResponsibleId: { column: `${c}.case_responsible_id` },
    caseResponsibleUnitId: { column: `${c}.responsible_unit_id` },
    caseInternalContactIds: {
      contains: (list) =>
        `${jp}.case_id in (select ic.case_id from case_internal_contact ic where ic.user_id in (${list}))`,
    },
  };
}

/**
 * Document descriptions `dd` of journal posts `jp` (with their case `c`): the post's fields, and
 * whether the description has its own screening.
 */
export function descriptionFields(dd: string, jp: string, c: string): FieldMap {
  return {
    ...journalPostFields(jp, c),
    postUnitId: { column: `${jp}.responsible_unit_id` },
    descriptionScreened: { column: `(${dd}.screening_code_id is not null)` },
  };
}

/** Documents (objects) `d` of descriptions `dd`: the description's fields, and the variant. */
export function documentFields(d: string, dd: string, jp: string, c: string): FieldMap {
  return {
    ...descriptionFields(dd, jp, c),
    variant: { column: `${d}.variant` },
  };
}

/** Insight requests: the assignees and units of their items are lists (membership in the items). */
export function insightRequestFields(r: string): FieldMap {
  return {
    ...organisationFields(r),
    id: { column: `${r}.id` },
    status: { column: `${r}.status` },
    assigneeIds: {
      contains: (list) =>
        `${r}.id in (select iri.request_id from insight_request_item iri where iri.assignee_id in (${list}))`,
    },
    unitIds: {
      contains: (list) =>
        `${r}.id in (select iri.request_id from insight_request_item iri where iri.unit_id in (${list}))`,
    },
  };
}

/** Classes (klasser) `k`: whether the class is screened (a person-number scheme's). */
export function classFields(k: string): FieldMap {
  return { ...organisationFields(k), screened: { column: `${k}.screened` } };
}
