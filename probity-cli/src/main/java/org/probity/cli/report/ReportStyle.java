package org.probity.cli.report;

/**
 * The page's stylesheet, inlined into every report so the file stands alone (no network, no
 * external fonts: the font stacks name only fonts installed locally). Quiet cards on a light
 * background, tabular numbers, and a green cell for the best value per column.
 */
final class ReportStyle {
  private ReportStyle() {}

  static final String CSS = """
      :root { --ink: #1f2937; --muted: #6b7280; --line: #e5e7eb; --bg: #f5f6f8; --card: #ffffff; }
      * { box-sizing: border-box; }
      body { margin: 0; background: var(--bg); color: var(--ink);
        font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; }
      main { max-width: 1120px; margin: 0 auto; padding: 28px 24px 36px; }
      code, pre, .kv td { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace; }
      header .title-row { display: flex; align-items: center; gap: 14px; flex-wrap: wrap; }
      h1 { font-size: 26px; line-height: 1.25; margin: 0; font-weight: 650; overflow-wrap: anywhere; }
      h2 { font-size: 17px; margin: 0 0 10px; font-weight: 650; }
      .meta { color: var(--muted); margin: 6px 0 0; font-size: 14px; }
      .meta code { font-size: 13px; color: var(--ink); }
      .badge { display: inline-block; padding: 3px 11px; border-radius: 999px; font-size: 12px;
        font-weight: 700; text-transform: uppercase; letter-spacing: .05em; }
      .badge.complete { background: #dcfce7; color: #166534; }
      .badge.incomplete { background: #fef3c7; color: #92400e; }
      .badge.failed { background: #fee2e2; color: #991b1b; }
      .alert { border-radius: 8px; padding: 10px 14px; margin-top: 16px; font-size: 14px; }
      .alert.failed { background: #fef2f2; border: 1px solid #fecaca; }
      .alert.incomplete { background: #fffbeb; border: 1px solid #fde68a; }
      .alert pre { margin: 6px 0 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 18em;
        overflow: auto; font-size: 13px; }
      section { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
        padding: 18px 20px; margin-top: 18px; }
      section.notes { background: #fffdf5; border-color: #f3e3b3; }
      .notes ul { margin: 0; padding-left: 20px; font-size: 14px; }
      .notes li { margin: 2px 0; overflow-wrap: anywhere; }
      .hint { color: var(--muted); font-size: 13px; margin: -4px 0 12px; }
      .empty { color: var(--muted); margin: 0; }
      .scroll { overflow-x: auto; }
      table { border-collapse: collapse; font-size: 14px; }
      .cmp { width: 100%; }
      .cmp th, .cmp td { padding: 8px 12px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
      .cmp th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); font-weight: 600;
        white-space: normal; vertical-align: bottom; line-height: 1.3; }
      .cmp tbody tr:last-child td { border-bottom: none; }
      .cmp td.objective { color: var(--muted); white-space: normal; }
      .cmp td.source { color: var(--muted); }
      .num { text-align: right !important; font-variant-numeric: tabular-nums; }
      .best { background: #e7f6ea; color: #14532d; font-weight: 700; }
      .na { color: #c0c4cc; }
      .variant { font-weight: 600; }
      .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 3px; margin-right: 8px;
        vertical-align: -1px; }
      .legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 14px; margin: 0 0 10px; }
      .grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 18px 24px; }
      figure { margin: 0; min-width: 0; }
      figcaption { font-weight: 600; font-size: 14px; margin-bottom: 2px; }
      img.chart { display: block; width: 100%; height: auto; }
      .chart.missing { display: flex; align-items: center; justify-content: center; aspect-ratio: 52 / 30;
        border: 1px dashed var(--line); border-radius: 8px; color: var(--muted); font-size: 14px; }
      pre.spec { margin: 0; background: #f8fafc; border: 1px solid var(--line); border-radius: 8px;
        padding: 12px 14px; overflow: auto; max-height: 36em; font-size: 13px; line-height: 1.45; }
      .kv { width: 100%; }
      .kv th, .kv td { text-align: left; vertical-align: top; padding: 5px 12px 5px 0; border-bottom: 1px solid var(--line); }
      .kv tr:last-child th, .kv tr:last-child td { border-bottom: none; }
      .kv th { font-weight: 500; color: var(--muted); width: 28%; overflow-wrap: anywhere; }
      .kv td { font-size: 13px; overflow-wrap: anywhere; }
      footer { color: var(--muted); font-size: 12px; margin-top: 18px; text-align: center; }
      @media (max-width: 820px) { main { padding: 16px 10px; } .grid { grid-template-columns: 1fr; } }
      @media print { body { background: #fff; } section { break-inside: avoid; } }
      """;

  /** Added to {@link #CSS} only on the page of a federated run, so a central page is unchanged. */
  static final String FEDERATED_CSS = """
      .fed-settings { margin: -4px 0 12px; }
      .federated .alert { margin: 0 0 12px; }
      .federated .alert ul { margin: 4px 0 0; padding-left: 20px; }
      h3 { font-size: 15px; margin: 20px 0 8px; font-weight: 650; }
      .cmp.fed { font-size: 13px; }
      .cmp.fed th, .cmp.fed td { padding: 7px 7px; }
      .cmp.fed th:first-child, .cmp.fed td:first-child { padding-left: 2px; }
      .cmp.fed th { font-size: 11px; }
      .cmp td.kind { color: var(--muted); white-space: normal; min-width: 6em; max-width: 11em; }
      .cmp .settings { display: block; font-size: 11px; line-height: 1.2; }
      .cmp td.chosen { font-size: 12px; white-space: normal; min-width: 5.5em; }
      .fig-note { color: var(--muted); font-size: 12px; margin: 2px 0 0; }
      .legend.small { font-size: 12px; margin: 2px 0 0; }
      .fed-later { margin: 12px 0 0; }
      """;
}
