import { LOG_SHORTCUTS } from './log-keys';

const EXAMPLES: readonly [string, string][] = [
  ['thruster valve', 'all words, anywhere in the message'],
  ['"valve stuck open"', 'an exact phrase'],
  ['therm*', 'words starting with therm'],
  ['-heartbeat', 'without this word (also NOT heartbeat)'],
  ['valve OR thruster', 'either word'],
  ['(valve OR pump) -test', 'group with parentheses'],
  ['level:error', 'exactly this level'],
  ['level>=warn', 'this level and above'],
  ['service:nav', 'one service'],
  ['spacecraft:voyager-*', 'spacecraft ids starting with voyager-'],
  ['host:gs-madrid', 'one source host'],
  ['request_id:req-77', 'one request'],
  ['trace_id:4bf92f35', 'one trace'],
  ['meta.pass:42', 'a metadata field equals a value'],
  ['meta.duration_ms>250', 'a numeric metadata comparison'],
  ['request_id:*', 'the field is present'],
];

/** The query language and the keyboard shortcuts at a glance; clicking an example puts it in the search box. */
export function QueryHelp({ onExample }: { onExample(text: string): void }) {
  return (
    <details className="logs-help" data-testid="logs-query-help">
      <summary className="button logs-help__toggle" aria-label="Query syntax help" title="Query syntax">
        ?
      </summary>
      <div className="logs-help__popover" role="dialog" aria-label="Query syntax and keyboard shortcuts">
        <div className="logs-help__columns">
          <section>
            <p className="logs-help__intro">Terms are ANDed; filters above apply as well. Click an example to try it.</p>
            <dl className="logs-help__list">
              {EXAMPLES.map(([example, meaning]) => (
                <div key={example} className="logs-help__row">
                  <dt>
                    <button type="button" className="button button--link logs-help__example" onClick={() => onExample(example)}>
                      {example}
                    </button>
                  </dt>
                  <dd>{meaning}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section>
            <p className="logs-help__intro">Keyboard</p>
            <dl className="logs-help__list logs-help__list--keys" data-testid="logs-shortcuts">
              {LOG_SHORTCUTS.map(([keys, meaning]) => (
                <div key={keys} className="logs-help__row">
                  <dt>
                    <kbd className="logs-help__kbd">{keys}</kbd>
                  </dt>
                  <dd>{meaning}</dd>
                </div>
              ))}
            </dl>
          </section>
        </div>
      </div>
    </details>
  );
}
