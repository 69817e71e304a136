/** The stylesheet of the HTML preview: the same layout rules the PDF applies (A4 width, tables, signature boxes). */
export const documentCss = `
body { font-family: Roboto, Arial, sans-serif; font-size: 10pt; max-width: 180mm; margin: 12mm auto; color: #1f2933; }
h1 { font-size: 16pt; color: #1d3557; } h2 { font-size: 12pt; color: #1d3557; margin-top: 14pt; } h3 { font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; margin: 2pt 0 8pt; } td, th { border: 0.5pt solid #b8c0cc; padding: 3pt; text-align: left; vertical-align: top; }
th { background: #eef1f5; } table.answers td:first-child { width: 38%; } table.plain td, table.plain th { border: none; }
.muted { color: #5a6472; font-size: 8pt; } .right { text-align: right; } .center { text-align: center; }
.signatures { display: flex; gap: 12pt; margin-top: 12pt; } .signatures > div { flex: 1; min-height: 60pt; border-top: 0.5pt solid #b8c0cc; }
.page-break { break-before: page; }
`;
