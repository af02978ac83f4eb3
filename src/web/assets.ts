import { createHash } from 'node:crypto';

/**
 * The page's only style and script, written into every page and allowed by their hashes in the Content
 * Security Policy: nothing is fetched from anywhere (a ward's network cannot be assumed to reach a CDN),
 * and no other script can run, even if something slipped past the escaping.
 */

export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:#1d2430;background:#f5f6f8}
header{background:#8b1c1c;color:#fff;padding:.6rem 1rem}
header a{color:#fff}
.brand{font-weight:600}
.who{font-size:.85rem;opacity:.9}
nav{display:flex;flex-wrap:wrap;gap:.3rem 1rem;align-items:center;margin:.35rem 0}
nav a{text-decoration:none;border-bottom:2px solid transparent}
nav a.here{border-bottom-color:#fff}
nav form{margin:0}
nav button{background:none;border:1px solid #fff8;color:#fff;border-radius:4px;padding:.1rem .5rem;font:inherit;cursor:pointer}
main{padding:1rem;max-width:1400px}
h1{font-size:1.3rem;margin:.2rem 0 .6rem}
h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
a{color:#0b57a4}
.muted{color:#5b6472;font-size:.9rem}
.flash{background:#e7f3e8;border:1px solid #9ccc9f;padding:.6rem .8rem;border-radius:6px;margin:.5rem 0;white-space:pre-line}
.flash.error{background:#fdecea;border-color:#f1a9a0}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.6rem 0;padding:0;list-style:none}
.counts li{background:#fff;border:1px solid #d8dce3;border-radius:6px;padding:.35rem .7rem}
.counts b{font-size:1.15rem;margin-left:.3rem}
.scroll.fit{display:inline-block;max-width:100%;vertical-align:top}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;background:#fff;border:1px solid #d8dce3;border-radius:6px}
table{border-collapse:collapse;width:100%}
table.matrix{width:auto}
th,td{border:1px solid #e1e4ea;padding:.3rem .45rem;text-align:left;vertical-align:top}
thead th{background:#eef0f4;position:sticky;top:0}
table.matrix th.u{position:sticky;left:0;background:#fff;min-width:11rem;max-width:16rem;font-weight:500}
table.matrix thead th.u{background:#eef0f4;z-index:1}
table.matrix td{text-align:center;min-width:3.2rem;font-size:.85rem;font-weight:600}
table.matrix tfoot td,table.matrix tfoot th{font-weight:400;font-size:.8rem;background:#fafbfc}
.c-done{background:#b9e4bd;color:#14501b}
.c-in_progress{background:#fff0b3;color:#5d4800}
.c-not_started{background:#ffd5a8;color:#6b3500}
.c-not_applicable{background:#e4dfec;color:#3f3160}
.c-unknown{background:#d6e6f8;color:#133f6d}
.c-missing{background:#f6d0d6;color:#7a1526}
.c-overdue{background:#d9534f;color:#fff}
.c-not_due{background:#fff;color:#8a929e}
.c-not_asked{background:#eceef1;color:#9aa1ab;font-weight:400}
.cat{font-size:.75rem;font-weight:600;border-radius:3px;padding:0 .3rem;margin-left:.3rem;white-space:nowrap}
.cat-on_time{background:#b9e4bd;color:#14501b}
.cat-late{background:#ffd5a8;color:#6b3500}
.cat-not_due{background:#eceef1;color:#3b4350}
.cat-overdue{background:#d9534f;color:#fff}
.cat-doc{background:#d6e6f8;color:#133f6d}
.legend{display:flex;flex-wrap:wrap;gap:.4rem;margin:.6rem 0;padding:0;list-style:none;font-size:.85rem}
.legend span{display:inline-block;min-width:2.4rem;text-align:center;border-radius:3px;padding:0 .3rem;font-weight:600;margin-right:.25rem}
form.inline,div.inline{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.4rem 0}
div.inline input[type=text]{flex:1;min-width:12rem}
select,input[type=text],textarea{font:inherit;padding:.35rem .45rem;border:1px solid #b9c0cb;border-radius:4px;max-width:100%}
textarea{width:100%;min-height:4.5rem}
button{font:inherit;padding:.35rem .8rem;border-radius:4px;border:1px solid #0b57a4;background:#0b57a4;color:#fff;cursor:pointer}
button.quiet{background:#fff;color:#0b57a4}
.card{background:#fff;border:1px solid #d8dce3;border-radius:6px;padding:.7rem .9rem;margin:.6rem 0}
.card h3{font-size:1rem;margin:0 0 .3rem}
.actions{display:grid;gap:.5rem;margin-top:.6rem}
.actions form{margin:0}
.tabs{display:flex;flex-wrap:wrap;gap:.3rem;margin:.4rem 0 .8rem;padding:0;list-style:none}
.tabs a{display:block;padding:.25rem .7rem;border:1px solid #b9c0cb;border-radius:999px;text-decoration:none;background:#fff}
.tabs a.here{background:#0b57a4;color:#fff;border-color:#0b57a4}
.answer{border-left:3px solid #9ccc9f;padding-left:.6rem;margin:.4rem 0}
.signin{max-width:28rem;margin:3rem auto;background:#fff;border:1px solid #d8dce3;border-radius:8px;padding:1.2rem}
.signin button{width:100%;padding:.7rem;font-size:1.05rem}
@media (max-width:600px){main{padding:.6rem}table.matrix th.u{min-width:8rem}}
`.trim();

/**
 * Refreshes the overview when a report arrives: asks the server for the period's version now and then
 * (a short poll), and reloads the page when it changed.
 */
export const SCRIPT = `
(function(){var b=document.body,u=b.getAttribute('data-poll');if(!u)return;
var v=b.getAttribute('data-version'),ms=Number(b.getAttribute('data-interval'))||10000;
function tick(){fetch(u,{credentials:'same-origin',cache:'no-store'}).then(function(r){return r.ok?r.text():null}).then(function(t){if(t!==null&&t!==v)location.reload();else setTimeout(tick,ms)},function(){setTimeout(tick,ms)})}
setTimeout(tick,ms)})();
`.trim();

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Nothing but this page's own style, script, forms and requests. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${hash(STYLE)}`,
  `script-src ${hash(SCRIPT)}`,
  "connect-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');
