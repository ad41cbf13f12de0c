import { type EntityManager } from '@mikro-orm/postgresql';
import { type ArchivePartScope } from './scope';
import { NOARK5_NAMESPACE, XML_DECLARATION } from './xml';

/** Placeholder. */
export async function* endringsloggXml(
  _em: EntityManager,
  _scope: ArchivePartScope,
): AsyncGenerator<string> {
  yield `${XML_DECLARATION}<endringslogg xmlns="${NOARK5_NAMESPACE.endringslogg}"></endringslogg>\n`;
}
