/**
 * Template databases built once per run: migrations only; migrations and the demo seed of Vennesla
 * alone (an installation of one organisation, as most are: the anonymous public reads its journal
 * without naming it); or the whole demo, Vennesla and Iveland (docs/demo-data.md).
 */
export const TEMPLATES = {
  empty: 'tpl_empty',
  demo: 'tpl_demo',
  municipalities: 'tpl_municipalities',
} as const;
export type TemplateName = keyof typeof TEMPLATES;
