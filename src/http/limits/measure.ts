import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The shape of one operation with every fragment expanded where it is spread. */
export interface OperationShape {
  /** Levels of fields: `{ me { id } }` is 2 */
  depth: number;
  /** Aliased fields, each time it is selected (a fragment spread twice counts twice) */
  aliases: number;
  /** Fields of the root type, through fragments */
  rootFields: number;
  /** Every field selected, through fragments: each costs at least 1 */
  fields: number;
  /** Names of the root fields */
  rootFieldNames: Set<string>;
  /** How often each root field is selected (aliases and fragments included) */
  rootFieldCounts: Map<string, number>;
}

interface Part {
  depth: number;
  aliases: number;
  fields: number;
  /** fields of this selection set itself, through fragments and inline fragments */
  top: number;
  topNames: Set<string>;
  topCounts: Map<string, number>;
}

const emptyPart = (): Part => ({
  depth: 0,
  aliases: 0,
  fields: 0,
  top: 0,
  topNames: new Set(),
  topCounts: new Map(),
});

const EMPTY: Part = emptyPart();

const add = (counts: Map<string, number>, name: string, n: number) =>
  counts.set(name, (counts.get(name) ?? 0) + n);

/**
 * Measures without expanding: each fragment is measured once and its numbers are added wherever it
 * is spread, so the work is linear in the document even when the expansion is exponential
 * ("fragment bombs"). Counts are plain numbers and saturate at Infinity, which fails every limit.
 * Cycles cannot reach here (graphql-js validation refuses them), but are cut anyway.
 */
export function measureOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OperationShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const measured = new Map<string, Part>();
  const active = new Set<string>();

  function fragment(name: string): Part {
    const known = measured.get(name);
    if (known) return known;
    const def = fragments.get(name);
    if (!def || active.has(name)) return EMPTY;
    active.add(name);
    const part = selectionSet(def.selectionSet);
    active.delete(name);
    measured.set(name, part);
    return part;
  }

  function selectionSet(set: SelectionSetNode): Part {
    const part = emptyPart();
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const child = sel.selectionSet ? selectionSet(sel.selectionSet) : EMPTY;
        part.depth = Math.max(part.depth, 1 + child.depth);
        part.aliases += (sel.alias ? 1 : 0) + child.aliases;
        part.fields += 1 + child.fields;
        part.top += 1;
        part.topNames.add(sel.name.value);
        add(part.topCounts, sel.name.value, 1);
      } else {
        const child =
          sel.kind === Kind.INLINE_FRAGMENT
            ? selectionSet(sel.selectionSet)
            : fragment(sel.name.value);
        part.depth = Math.max(part.depth, child.depth);
        part.aliases += child.aliases;
        part.fields += child.fields;
        part.top += child.top;
        for (const n of child.topNames) part.topNames.add(n);
        for (const [n, count] of child.topCounts) add(part.topCounts, n, count);
      }
    }
    return part;
  }

  const root = selectionSet(operation.selectionSet);
  return {
    depth: root.depth,
    aliases: root.aliases,
    rootFields: root.top,
    fields: root.fields,
    rootFieldNames: root.topNames,
    rootFieldCounts: root.topCounts,
  };
}

/** Only __schema, __type and __typename at the root: introspection, when it is enabled at all. */
export function isIntrospectionOnly(shape: OperationShape): boolean {
  return (
    shape.rootFieldNames.size > 0 && [...shape.rootFieldNames].every((n) => n.startsWith('__'))
  );
}
