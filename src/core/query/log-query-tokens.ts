/**
 * The tokenizer is pure (no node, no DOM), so it lives in src/shared where the console's query
 * bar uses it for highlighting; the core keeps importing it from here.
 */
export * from '../../shared/query/log-query-tokens';
