import 'reflect-metadata';
import { type GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import '../schema/enums';
import {
  AccessGroupMembersResolver,
  AdminResolver,
  MembershipResolver,
  RoleGrantHistoryResolver,
} from '../resolvers/AdminResolver';
import {
  AccessGroupAbilitiesResolver,
  ScreeningCodeAbilitiesResolver,
  UnitAbilitiesResolver,
  UserAbilitiesResolver,
  ViewerAbilitiesResolver,
} from '../resolvers/AbilityResolver';
import { ArchiveResolver, CaseArchivePartResolver } from '../resolvers/ArchiveResolver';
import {
  ArchivePartDisposalResolver,
  CaseDisposalFieldResolver,
  CaseDisposalResolver,
  ClassDisposalResolver,
  DescriptionDisposalResolver,
  DisposalListEntryResolver,
  DisposalResolver,
  DocumentDisposalResolver,
} from '../resolvers/DisposalResolver';
import { AuditResolver } from '../resolvers/AuditResolver';
import {
  CaseClassResolver,
  ClassificationSystemResolver,
  ClassResolver,
} from '../resolvers/ClassificationResolver';
import { CaseMutationResolver } from '../resolvers/CaseMutationResolver';
import { CasePartyResolver } from '../resolvers/CasePartyResolver';
import { DocumentResolver, JournalPostDocumentsResolver } from '../resolvers/DocumentResolver';
import {
  DocumentDescriptionResolver,
  JournalPostDescriptionsResolver,
} from '../resolvers/DocumentDescriptionResolver';
import {
  InsightRequestItemResolver,
  InsightRequestResolver,
} from '../resolvers/InsightRequestResolver';
import { JournalPostMutationResolver } from '../resolvers/JournalPostMutationResolver';
import { PublicJournalResolver } from '../resolvers/PublicJournalResolver';
import { ReportResolver } from '../resolvers/ReportResolver';
import { DistributionResolver } from '../resolvers/DistributionResolver';
import { MoveResolver } from '../resolvers/MoveResolver';
import {
  CaseRemarksResolver,
  JournalPostRemarksResolver,
  RemarkResolver,
} from '../resolvers/RemarkResolver';
import { CaseResolver } from '../resolvers/CaseResolver';
import { JournalPostResolver } from '../resolvers/JournalPostResolver';
import { NodeResolver } from '../resolvers/NodeResolver';
import { OrganisationResolver, UserOrganisationResolver } from '../resolvers/OrganisationResolver';
import { prefixMutationInputPaths } from '../resolvers/inputPaths';
import { ScreeningResolver } from '../resolvers/ScreeningResolver';
import { UnitResolver } from '../resolvers/UnitResolver';
import { RoleGrantResolver, UserResolver } from '../resolvers/UserResolver';
import { DateTimeScalar } from '../schema/scalars';
import { ArchiveExportResolver } from '../resolvers/ArchiveExportResolver';
import { ArchiveLogResolver, SpecialistSystemResolver } from '../resolvers/ArchiveLogResolver';
import {
  DocumentTypeResolver,
  JournalPostDocumentTypeResolver,
} from '../resolvers/DocumentTypeResolver';
import { ApprovalResolver } from '../resolvers/ApprovalResolver';

/** Builds the executable schema from the resolvers; the same call serves the server and tests. */
export async function buildAppSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      NodeResolver,
      UnitResolver,
      UserResolver,
      RoleGrantResolver,
      CaseResolver,
      CaseArchivePartResolver,
      ArchiveResolver,
      ClassificationSystemResolver,
      ClassResolver,
      CaseClassResolver,
      JournalPostResolver,
      ScreeningResolver,
      AdminResolver,
      RoleGrantHistoryResolver,
      MembershipResolver,
      AccessGroupMembersResolver,
      CaseMutationResolver,
      JournalPostMutationResolver,
      ReportResolver,
      DistributionResolver,
      AuditResolver,
      PublicJournalResolver,
      JournalPostDocumentsResolver,
      DocumentResolver,
      InsightRequestResolver,
      InsightRequestItemResolver,
      ViewerAbilitiesResolver,
      UserAbilitiesResolver,
      UnitAbilitiesResolver,
      AccessGroupAbilitiesResolver,
      ScreeningCodeAbilitiesResolver,
      CasePartyResolver,
      CaseRemarksResolver,
      JournalPostRemarksResolver,
      RemarkResolver,
      MoveResolver,
      JournalPostDescriptionsResolver,
      DocumentDescriptionResolver,
      DisposalResolver,
      DisposalListEntryResolver,
      CaseDisposalResolver,
      DocumentDisposalResolver,
      ClassDisposalResolver,
      ArchivePartDisposalResolver,
      CaseDisposalFieldResolver,
      DescriptionDisposalResolver,
      OrganisationResolver,
      UserOrganisationResolver,
      ArchiveExportResolver,
      ArchiveLogResolver,
      SpecialistSystemResolver,
      DocumentTypeResolver,
      JournalPostDocumentTypeResolver,
      ApprovalResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
  return prefixMutationInputPaths(schema);
}

/** The SDL committed as schema.graphql, sorted so that diffs show real changes only. */
export function printAppSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
