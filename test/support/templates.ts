/** Template databases built once per run: migrations only, or migrations and the demo seed. */
export const TEMPLATES = { empty: 'tpl_empty', demo: 'tpl_demo' } as const;
export type TemplateName = keyof typeof TEMPLATES;
