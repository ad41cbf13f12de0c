import { Field, ObjectType } from 'type-graphql';
import { JournalPostView } from './records';

@ObjectType('WriteOffJournalPostsPayload', {
  description: 'The journal posts written off together (avskrevne journalposter)',
})
export class WriteOffJournalPostsPayload {
  @Field(() => [JournalPostView], {
    description: 'The journal posts (journalposter) written off, as you see them now',
  })
  journalPosts!: JournalPostView[];
}
