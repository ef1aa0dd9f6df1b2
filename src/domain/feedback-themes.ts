/**
 * Recurring themes in a person's feedback to one agent, pure: when three or more refines or
 * rejects share a content word (or a pair of words), the spec is probably missing something
 * and the spec-coach is asked for a change. Words are normalised, stopwords dropped and
 * lightly stemmed, so "sources", "source" and "Sourced" count as one.
 */

export const THEME_MIN_TEXTS = 3;
export const THEME_WINDOW_MS = 30 * 24 * 3_600_000;

export interface Feedback {
  text: string;
  at: Date;
}

export interface Theme {
  /** The words as a person wrote them the first time (e.g. "sources" or "action items"). */
  label: string;
  /** The feedback that shares it, oldest first. */
  texts: string[];
}

const STOPWORDS = new Set(
  `a about above after again all also always am an and any are as at be because been before being below between both but by can
   could did do does doing done don't down during each even ever every few for from further get got had has have having he her here
   him his how i if in into is it its it's just keep let like make made many me more most much must my need needs never no nor not
   now of off on once one only or other our out over own please put rather really same see she should so some still such than that
   the their them then there these they thing things this those through to too under until up us use very was we were what when where
   which while who why will with would yet you your yours add added remove change changed better less lot lots want wanted
   also again instead actually maybe`.split(/\s+/).filter(Boolean),
);

/** Lowercase words without punctuation; numbers and one-letter words dropped. */
export function normalise(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}][\p{L}'’-]*/gu) ?? []).map((w) => w.replace(/['’-]+$/g, '').replace(/’/g, "'")).filter((w) => w.length > 1);
}

/** Light stemming: plural and verb endings, then a final e ("sources", "source" → "sourc"). */
export function stem(word: string): string {
  let w = word.replace(/'s$/, '');
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  // A plural first, then one verb ending, so "findings" and "finding" meet at "find".
  if (w.endsWith('s') && !w.endsWith('ss') && w.length >= 4) w = w.slice(0, -1);
  for (const suffix of ['ing', 'ed']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

interface Term {
  key: string;
  label: string;
}

/** Content words and adjacent pairs of content words (a stopword between breaks the pair). */
function termsOf(text: string): Term[] {
  const words = normalise(text);
  const terms: Term[] = [];
  let previous: { stem: string; word: string } | undefined;
  for (const word of words) {
    if (STOPWORDS.has(word)) {
      previous = undefined;
      continue;
    }
    const s = stem(word);
    terms.push({ key: s, label: word });
    if (previous) terms.push({ key: `${previous.stem} ${s}`, label: `${previous.word} ${word}` });
    previous = { stem: s, word };
  }
  return terms;
}

/**
 * The strongest theme among the feedback since `since` (at most 30 days back from `now`), or
 * null. A term counts once per text; ties go to the pair (more specific), then to more texts,
 * then alphabetically, so the answer is stable.
 */
export function findTheme(feedback: readonly Feedback[], now: Date, since?: Date): Theme | null {
  const from = Math.max(now.getTime() - THEME_WINDOW_MS, since?.getTime() ?? -Infinity);
  const recent = feedback.filter((f) => f.at.getTime() >= from && f.at.getTime() <= now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  const seen = new Map<string, { label: string; texts: string[] }>();
  for (const f of recent) {
    const keys = new Set<string>();
    for (const term of termsOf(f.text)) {
      if (keys.has(term.key)) continue;
      keys.add(term.key);
      const entry = seen.get(term.key) ?? { label: term.label, texts: [] };
      entry.texts.push(f.text);
      seen.set(term.key, entry);
    }
  }
  const candidates = [...seen.entries()].filter(([, e]) => e.texts.length >= THEME_MIN_TEXTS);
  if (!candidates.length) return null;
  candidates.sort(([ka, a], [kb, b]) => {
    const pair = Number(kb.includes(' ')) - Number(ka.includes(' '));
    return pair || b.texts.length - a.texts.length || ka.localeCompare(kb);
  });
  const [, best] = candidates[0]!;
  return { label: best.label, texts: best.texts };
}

export interface CoachBrief {
  agent: string;
  version: number;
  fields: Array<{ path: string; kinds: readonly string[]; bounds: string }>;
  inForce: string[];
  theme: Theme;
}

/**
 * The spec-coach's instructions: the agent's fields and constraints, and the recurring feedback.
 * A brief for the model (the spec-coach runs on it), not wording for people, so it stays here;
 * the spec-coach's card shows it only as the instructions it was given.
 */
export function coachInstructions(b: CoachBrief, max = 4000): string {
  const head = [
    `Agent: ${b.agent} (spec ${b.agent}@${b.version}).`,
    'Fields you may constrain (path: constraint kinds; what is in force):',
    ...b.fields.map((f) => `- ${f.path}: ${f.kinds.join(', ')}${f.bounds ? ` (${f.bounds})` : ''}`),
    b.inForce.length ? `Already tightened: ${b.inForce.join('; ')}.` : 'Not tightened yet.',
    `Recurring theme: “${b.theme.label}”, in ${b.theme.texts.length} refines or rejects:`,
  ].join('\n');
  let out = head;
  for (const text of b.theme.texts) {
    const line = `\n- “${text.replace(/\s+/g, ' ').slice(0, 500)}”`;
    if (out.length + line.length > max) break;
    out += line;
  }
  return out;
}
