/** A 0–100 health score as a bar in the tone of its band. */
export function HealthBar({ score }: { score: number | null }) {
  if (score === null) return <span className="muted">—</span>;
  const tone = score >= 80 ? 'nominal' : score >= 50 ? 'degraded' : 'critical';
  return (
    <span className="health" title={`${score.toFixed(0)} / 100`} data-testid="health-score" data-score={score}>
      <span className="health__track">
        <span className={`health__bar tone-${tone}`} style={{ width: `${Math.max(0, Math.min(100, score))}%` }} />
      </span>
      <span className="health__value">{score.toFixed(0)}</span>
    </span>
  );
}
