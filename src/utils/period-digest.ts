/**
 * A week's digest as HTML outside the site: the content of a `/weeks/rss.xml` item, and
 * `/weeks/<id>/email.html`, a self-contained page to mail or paste into a newsletter tool
 * (table layout, inline styles only, absolute links, no script, no image, under 100 KB).
 */
import { SITE } from '../config.ts';
import type { PeriodPaper, PeriodView } from '../data/periods.ts';
import { percent } from '../lib/periods/index.ts';
import { absoluteUrl, paths } from '../lib/paths.ts';
import { escapeXml, oneLine } from '../lib/text/xml.ts';
import { formatPeriod, formatRange, formatShortDay, formatShortPeriod, plural } from './format.ts';

/** The e-mail stays under this size; papers past it are left to the linked page. */
export const EMAIL_MAX_BYTES = 100_000;

const esc = (text: string) => escapeXml(oneLine(text));

function meta(p: PeriodPaper, noun: string): string {
  const parts = [p.isNew ? 'New' : `Still trending, since ${formatShortDay(p.firstSeen)}`, `${plural(p.days, 'day')} this ${noun}`];
  if (p.upvotes !== undefined) parts.push(plural(p.upvotes, 'upvote'));
  else if (p.stars !== undefined) parts.push(plural(p.stars, 'GitHub star'));
  if (p.author) parts.push(`${p.author}${p.moreAuthors ? ' et al.' : ''}`);
  if (p.organization) parts.push(p.organization);
  return esc(parts.join(' · '));
}

function summary(p: PeriodPaper): string {
  if (!p.summary) return '';
  const label = p.summary.kind === 'ai' ? 'AI summary (machine-written by the digest):' : p.summary.kind === 'tldr' ? 'TL;DR (excerpt from the abstract):' : '';
  return label ? `<em>${esc(label)}</em> ${esc(p.summary.text)}` : esc(p.summary.text);
}

function baselineText(view: PeriodView): string {
  const ids = view.baseline;
  if (ids.length === 0) return '';
  return ids.length === 1 ? formatShortPeriod(view.kind, ids[0]!) : `${formatShortPeriod(view.kind, ids[0]!)} – ${formatShortPeriod(view.kind, ids[ids.length - 1]!)}`;
}

function risingLines(view: PeriodView): string[] {
  return view.rising.map(
    (r) => `${esc(r.name)}: ${percent(r.share)} (${r.count} of ${r.total}), up ${r.points} points from ${percent(r.beforeShare)} (${r.beforeCount} of ${r.beforeTotal})`,
  );
}

function intro(view: PeriodView): string {
  return `${plural(view.total, 'paper')} trended over ${plural(view.days.length, 'day')} in ${formatPeriod(view.kind, view.id)} (${formatRange(view.range)}), ${view.fresh} of them new.`;
}

/** The digest as an RSS item's HTML content. */
export function periodFeedHtml(view: PeriodView, site: URL | undefined): string {
  const noun = view.kind;
  const rising = risingLines(view);
  const papers = view.papers
    .map((p) => {
      const text = summary(p);
      return `<li><a href="${escapeXml(absoluteUrl(paths.paper(p.slug), site))}">${esc(p.title)}</a><br/>${meta(p, noun)}${text ? `<br/>${text}` : ''}</li>`;
    })
    .join('');
  return [
    `<p>${esc(intro(view))}</p>`,
    rising.length > 0 ? `<p>Rising subjects, against ${esc(baselineText(view))}:</p><ul>${rising.map((l) => `<li>${l}</li>`).join('')}</ul>` : '',
    `<p>${view.total > view.papers.length ? `Top ${view.papers.length} papers` : 'Papers'}, by days trended, then upvotes:</p><ol>${papers}</ol>`,
    `<p><a href="${escapeXml(absoluteUrl(paths.week(view.id), site))}">The ${noun} on ${esc(SITE.name)}</a></p>`,
  ].join('');
}

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const TEXT = '#1d2125';
const MUTED = '#56606a';
const LINK = '#1f5f8b';

/** The digest as a self-contained e-mail: tables and inline styles, absolute links, nothing to load. */
export function periodEmailHtml(view: PeriodView, site: URL | undefined): string {
  const noun = view.kind;
  const url = (path: string) => escapeXml(absoluteUrl(path, site));
  const title = `${SITE.name}: ${formatPeriod(view.kind, view.id)}`;
  const rows = (papers: PeriodPaper[]) =>
    papers
      .map((p, i) => {
        const text = summary(p);
        return (
          `<tr><td valign="top" style="padding:12px 8px 12px 0;${FONT};font-size:15px;color:${MUTED};width:28px">${i + 1}.</td>` +
          `<td style="padding:12px 0;border-bottom:1px solid #dcd8cf;${FONT}">` +
          `<a href="${url(paths.paper(p.slug))}" style="color:${TEXT};font-size:16px;font-weight:600;text-decoration:none">${esc(p.title)}</a>` +
          `<div style="color:${MUTED};font-size:13px;margin-top:4px">${meta(p, noun)}</div>` +
          (text ? `<div style="color:${TEXT};font-size:14px;line-height:1.5;margin-top:6px">${text}</div>` : '') +
          `</td></tr>`
        );
      })
      .join('');
  const rising = risingLines(view);
  const risingBlock =
    rising.length > 0
      ? `<tr><td style="padding:16px 0 0;${FONT}"><h2 style="font-size:17px;margin:0 0 6px;color:${TEXT}">Rising subjects</h2>` +
        `<p style="margin:0 0 6px;font-size:13px;color:${MUTED}">Share of the ${noun}'s papers against ${esc(baselineText(view))}.</p>` +
        `<ul style="margin:0;padding-left:20px;font-size:14px;color:${TEXT}">${rising.map((l) => `<li style="margin:2px 0">${l}</li>`).join('')}</ul></td></tr>`
      : '';
  const days = view.days.map((d) => `<a href="${url(paths.day(d.date))}" style="color:${LINK}">${esc(formatShortDay(d.date))}</a>`).join(' · ');
  const page = (papers: PeriodPaper[]) =>
    [
      '<!doctype html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      '<meta name="color-scheme" content="light">',
      `<title>${esc(title)}</title>`,
      '</head>',
      `<body style="margin:0;padding:0;background:#fbfaf7">`,
      `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#fbfaf7"><tr><td align="center" style="padding:16px 12px">`,
      `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;background:#ffffff;border:1px solid #dcd8cf;border-radius:8px">`,
      `<tr><td style="padding:20px 20px 0;${FONT}">`,
      `<p style="margin:0;font-size:13px;color:${MUTED}">${esc(SITE.name)} · weekly digest · ${esc(formatRange(view.range))}</p>`,
      `<h1 style="margin:4px 0 8px;font-size:24px;color:${TEXT}">${esc(formatPeriod(view.kind, view.id))}</h1>`,
      `<p style="margin:0;font-size:15px;color:${TEXT}">${esc(intro(view))} <a href="${url(paths.week(view.id))}" style="color:${LINK}">Read it on the site</a>.</p>`,
      `</td></tr>`,
      `<tr><td style="padding:0 20px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">${risingBlock}</table></td></tr>`,
      `<tr><td style="padding:16px 20px 0;${FONT}"><h2 style="font-size:17px;margin:0;color:${TEXT}">${view.total > papers.length ? `Top ${papers.length} papers` : 'Papers'}</h2></td></tr>`,
      `<tr><td style="padding:0 20px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">${rows(papers)}</table></td></tr>`,
      `<tr><td style="padding:16px 20px 20px;${FONT};font-size:13px;color:${MUTED}">Days: ${days}<br><br>` +
        `Summaries marked “AI summary” are machine-written by the Hugging Face digest; “TL;DR” lines are sentences of the abstract. ` +
        `<a href="${url(paths.weeks())}" style="color:${LINK}">Every week</a> · <a href="${url(paths.weeksFeed())}" style="color:${LINK}">Weekly feed</a></td></tr>`,
      '</table>',
      '</td></tr></table>',
      '</body>',
      '</html>',
      '',
    ].join('\n');
  let papers = view.papers;
  let html = page(papers);
  while (Buffer.byteLength(html) > EMAIL_MAX_BYTES && papers.length > 1) {
    papers = papers.slice(0, Math.floor(papers.length * 0.8));
    html = page(papers);
  }
  return html;
}
