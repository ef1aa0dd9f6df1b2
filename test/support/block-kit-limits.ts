/**
 * Slack's Block Kit limits, checked independently of the app's own kit: returns every
 * violation in a payload the app sent (message blocks, modal or Home view).
 */
export function blockKitViolations(body: Record<string, any>): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => ok || problems.push(what);
  if (typeof body.text === 'string') check(body.text.length <= 40_000, `text ${body.text.length} > 40000`);
  if (Array.isArray(body.blocks)) {
    check(body.blocks.length <= 50, `message has ${body.blocks.length} blocks > 50`);
    check(typeof body.text === 'string' && body.text.length > 0, 'message with blocks has no text fallback');
    body.blocks.forEach((b: any, i: number) => checkBlock(b, `blocks[${i}]`, check));
  }
  if (body.view) {
    const view = body.view;
    check(view.blocks.length <= 100, `view has ${view.blocks.length} blocks > 100`);
    for (const key of ['title', 'submit', 'close'] as const) {
      if (view[key]) check(view[key].text.length <= 24, `view ${key} > 24`);
    }
    if (view.private_metadata) check(view.private_metadata.length <= 3000, 'private_metadata > 3000');
    view.blocks.forEach((b: any, i: number) => checkBlock(b, `view.blocks[${i}]`, check));
  }
  return problems;
}

function checkBlock(b: any, at: string, check: (ok: boolean, what: string) => void) {
  if (b.block_id) check(b.block_id.length <= 255, `${at}.block_id > 255`);
  switch (b.type) {
    case 'header':
      check(b.text.type === 'plain_text' && b.text.text.length <= 150, `${at} header > 150`);
      break;
    case 'section':
      if (b.text) check(b.text.text.length <= 3000 && b.text.text.length > 0, `${at} section text ${b.text.text.length} not in 1..3000`);
      if (b.fields) {
        check(b.fields.length <= 10, `${at} > 10 fields`);
        b.fields.forEach((f: any, j: number) => check(f.text.length <= 2000, `${at}.fields[${j}] > 2000`));
      }
      check(Boolean(b.text || b.fields), `${at} section without text or fields`);
      if (b.accessory) checkElement(b.accessory, `${at}.accessory`, check);
      break;
    case 'context':
      check(b.elements.length <= 10, `${at} context > 10 elements`);
      b.elements.forEach((e: any, j: number) => e.text !== undefined && check(e.text.length <= 3000, `${at}.elements[${j}] > 3000`));
      break;
    case 'actions':
      check(b.elements.length <= 25, `${at} actions > 25 elements`);
      b.elements.forEach((e: any, j: number) => checkElement(e, `${at}.elements[${j}]`, check));
      break;
    case 'input':
      check(b.label.text.length <= 2000, `${at} label > 2000`);
      if (b.hint) check(b.hint.text.length <= 2000, `${at} hint > 2000`);
      checkElement(b.element, `${at}.element`, check);
      break;
    case 'divider':
      break;
    default:
      check(false, `${at} unexpected block type ${b.type}`);
  }
}

function checkElement(e: any, at: string, check: (ok: boolean, what: string) => void) {
  if (e.action_id) check(e.action_id.length <= 255, `${at}.action_id > 255`);
  if (e.type === 'button') {
    check(e.text.text.length <= 75, `${at} button text > 75`);
    if (e.value) check(e.value.length <= 2000, `${at} button value > 2000`);
  }
  if (e.type === 'static_select') {
    check(e.options.length <= 100, `${at} > 100 options`);
    e.options.forEach((o: any, j: number) => {
      check(o.text.text.length <= 75, `${at}.options[${j}] text > 75`);
      check(o.value.length <= 150, `${at}.options[${j}] value > 150`);
      if (o.description) check(o.description.text.length <= 75, `${at}.options[${j}] description > 75`);
    });
  }
}

/** Every payload recorded by a fake Slack must be inside the limits; returns the offenders. */
export function violationsIn(calls: ReadonlyArray<{ method: string; body: Record<string, any> }>): string[] {
  return calls.flatMap((c) => blockKitViolations(c.body).map((v) => `${c.method}: ${v}`));
}
