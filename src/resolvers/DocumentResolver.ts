import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { UserType } from '../schema/types/admin';
import { DocumentView } from '../schema/types/documents';
import { JournalPostView } from '../schema/types/records';
import { type Context } from './context';

/** The files of a journal post (policies/documents.ts): uploaded and fetched over plain HTTP. */
@Resolver(() => JournalPostView)
export class JournalPostDocumentsResolver {
  @FieldResolver(() => [DocumentView], {
    description:
      'Documents (dokumenter): the current file of each variant you may fetch (REDACTED: the public variant ' +
      'only). Upload with PUT and fetch with GET on downloadUrl, with your bearer token.',
  })
  documents(@Root() p: JournalPostView, @Ctx() { loaders }: Context): Promise<DocumentView[]> {
    return loaders.documentsOfPost.load(p.rawId);
  }
}

@Resolver(() => DocumentView)
export class DocumentResolver {
  @FieldResolver(() => UserType, {
    nullable: true,
    description: 'Who uploaded it; null unless you read the post in full',
  })
  uploadedBy(
    @Root() d: DocumentView,
    @Ctx() { loaders }: Context,
  ): Promise<UserType | null> | null {
    return d.uploadedByRawId ? loaders.user.load(d.uploadedByRawId) : null;
  }
}
