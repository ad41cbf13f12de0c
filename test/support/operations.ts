import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  parse,
  print,
  visit,
} from 'graphql';

/** The example operations for front-end teams (docs/operations/*.graphql). */
export const operationsDir = path.resolve(__dirname, '../../docs/operations');

function documents(): DocumentNode[] {
  return readdirSync(operationsDir)
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => parse(readFileSync(path.join(operationsDir, f), 'utf8')));
}

/** The fragments of `doc` that `definition` spreads, directly or through another fragment. */
function fragmentsOf(doc: DocumentNode, definition: DefinitionNode): FragmentDefinitionNode[] {
  const all = doc.definitions.filter(
    (d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION,
  );
  const used = new Set<string>();
  const spreadIn = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        if (used.has(spread.name.value)) return;
        used.add(spread.name.value);
        const fragment = all.find((f) => f.name.value === spread.name.value);
        if (fragment) spreadIn(fragment);
      },
    });
  spreadIn(definition);
  return all.filter((f) => used.has(f.name.value));
}

/** The operation of docs/operations/ with this name, with the fragments it uses. */
export function operation(name: string): string {
  for (const doc of documents()) {
    const wanted = doc.definitions.find(
      (d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
    );
    if (!wanted) continue;
    return print({ ...doc, definitions: [wanted, ...fragmentsOf(doc, wanted)] });
  }
  throw new Error(`no operation ${name} in docs/operations`);
}

/** The names of every operation of docs/operations/. */
export function operationNames(): string[] {
  return documents().flatMap((doc) =>
    doc.definitions.flatMap((d) =>
      d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : [],
    ),
  );
}
