/**
 * Tightened specs, pure: the constraint model stored with each spec version (`model`), the
 * check of a requested tightening (`tighten`), `applyConstraints`, which turns constraints into
 * real zod checks (`apply`), the walk through a spec's zod schema (`walk`) and the rules as the
 * model reads them (`describe`). What people read is worded in views/spec-constraints.ts.
 */
export * from './model';
export { applyConstraints } from './apply';
export { promptWithRules, rulesDescription } from './describe';
export { kindsFor, tighten, tighteningFromForm } from './tighten';
export { fieldPaths, type FieldInfo, type Node } from './walk';
