/** Fictional data, published passwords: say it on every page. */
export function DemoBanner() {
  return (
    <div className="demo-banner" role="note">
      <strong>Mode démonstration</strong> — données entièrement fictives. Ne saisissez jamais de données réelles.
    </div>
  );
}
