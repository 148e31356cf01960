/**
 * Dispatch rules for the receive messages of one channel: per message, the cheapest test that
 * tells its frames from those of every other message of the channel.
 *
 * Each message's payload contributes one *alternative* per member of a union (nested unions
 * are flattened; `allOf` members are merged). An object alternative is tested by a conjunction
 * of atoms, chosen greedily so that each atom rules out as many of the other messages'
 * alternatives as possible:
 *
 * - a property whose value is one of the alternative's `const`/`enum` values (rules out an
 *   alternative that gives the property other constant values, or does not declare it);
 * - a key that the alternative requires (rules out an alternative that does not declare it).
 *
 * A message's rule is the disjunction of its alternatives' conjunctions. A conjunction that
 * rules out all the others is *strict*; one that cannot is *loose*: the runtime tries strict
 * conjunctions first, then loose ones (in document order), then messages that say nothing
 * about their payload. When two alternatives of different messages cannot be told apart
 * either way, `onClash` is called (the generator warns); their frames go to the first of the
 * two in document order.
 */
import type { MatchTerm, MessageMatch, Schema } from '../model/ir.js';

type Literal = string | number | boolean;

interface PropInfo {
  /** The property's constant values, when it has only constant values. */
  values?: Literal[];
  required: boolean;
}

interface Alternative {
  message: number;
  /** `any`: the payload says nothing that can be tested; `free`: an object that declares no property. */
  type: 'object' | 'free' | 'array' | 'scalar' | 'any';
  props: Map<string, PropInfo>;
}

export interface Clash {
  /** Indexes into the message list, first < second in document order. */
  first: number;
  second: number;
}

/**
 * `payloads[i]` is message i's payload; `resolve` follows a reference to a named schema.
 * Returns one match per message (`undefined`: takes any frame no other message takes).
 */
export function dispatchRules(payloads: Schema[], resolve: (s: Schema) => Schema, onClash: (clash: Clash) => void): Array<MessageMatch | undefined> {
  const alternatives = payloads.map((p, i) => alternativesOf(p, i, resolve, 0));
  const all = alternatives.flat();
  const terms: Array<Array<{ term: MatchTerm; alt: Alternative }>> = payloads.map(() => []);
  const fallbacks: MatchTerm[][] = payloads.map(() => []);
  for (const alt of all) {
    const others = all.filter((b) => b.message !== alt.message);
    const [term, fallback] = termFor(alt, others);
    terms[alt.message]!.push({ term, alt });
    if (fallback) fallbacks[alt.message]!.push(fallback);
  }
  // Pairs that neither side's test separates: warn once per pair of messages.
  const reported = new Set<string>();
  for (const a of all) {
    for (const b of all) {
      if (b.message <= a.message) continue;
      const ta = terms[a.message]!.find((t) => t.alt === a)!.term;
      const tb = terms[b.message]!.find((t) => t.alt === b)!.term;
      if (excludes(ta, b) || excludes(tb, a)) continue;
      // One that says nothing takes only what the other does not.
      if (vague(a) !== vague(b)) continue;
      const key = `${a.message}/${b.message}`;
      if (reported.has(key)) continue;
      reported.add(key);
      onClash({ first: a.message, second: b.message });
    }
  }
  return terms.map((list, i) => toMatch([...list.map((t) => t.term), ...fallbacks[i]!]));
}

function vague(a: Alternative): boolean {
  return a.type === 'any' || a.type === 'free';
}

function alternativesOf(schema: Schema, message: number, resolve: (s: Schema) => Schema, depth: number): Alternative[] {
  const s = resolve(schema);
  if (depth > 8) return [{ message, type: 'any', props: new Map() }];
  if (s.kind === 'union') return s.members.flatMap((m) => alternativesOf(m, message, resolve, depth + 1));
  if (s.kind === 'intersection') {
    const parts = s.members.flatMap((m) => alternativesOf(m, message, resolve, depth + 1));
    const objects = parts.filter((p) => p.type === 'object');
    if (objects.length === 0) return [{ message, type: parts.find((p) => p.type !== 'any')?.type ?? 'any', props: new Map() }];
    const props = new Map<string, PropInfo>();
    for (const o of objects) {
      for (const [name, info] of o.props) {
        const had = props.get(name);
        const values = had?.values ?? info.values;
        const required = (had?.required ?? false) || info.required;
        props.set(name, values === undefined ? { required } : { values, required });
      }
    }
    return [{ message, type: 'object', props }];
  }
  if (s.kind === 'object') {
    const props = new Map<string, PropInfo>();
    for (const p of s.properties) {
      const values = literalValues(p.schema, resolve);
      props.set(p.name, values === undefined ? { required: p.required } : { values, required: p.required });
    }
    return [{ message, type: props.size === 0 ? 'free' : 'object', props }];
  }
  if (s.kind === 'array') return [{ message, type: 'array', props: new Map() }];
  if (s.kind === 'primitive' || s.kind === 'literal') return [{ message, type: 'scalar', props: new Map() }];
  return [{ message, type: 'any', props: new Map() }];
}

function literalValues(schema: Schema, resolve: (s: Schema) => Schema): Literal[] | undefined {
  const s = resolve(schema);
  if (s.kind === 'literal') {
    const values = s.values.filter((v): v is Literal => v !== null);
    return values.length > 0 ? values : undefined;
  }
  if (s.kind === 'union') {
    const parts = s.members.map((m) => literalValues(m, resolve));
    if (parts.some((p) => p === undefined)) return undefined;
    return parts.flatMap((p) => p!);
  }
  return undefined;
}

type Atom = { kind: 'value'; property: string; values: Literal[]; required: boolean } | { kind: 'key'; key: string };

function atomExcludes(atom: Atom, b: Alternative): boolean {
  if (b.type !== 'object') return b.type !== 'any' && b.type !== 'free';
  const info = b.props.get(atom.kind === 'value' ? atom.property : atom.key);
  if (info === undefined) return true;
  if (atom.kind === 'key') return false;
  return info.values !== undefined && !info.values.some((v) => atom.values.includes(v));
}

/** Whether a frame of shape `b` fails `term`. */
function excludes(term: MatchTerm, b: Alternative): boolean {
  if (term.type === undefined) return false;
  if (term.type === 'array') return b.type === 'object' || b.type === 'free' || b.type === 'scalar';
  if (b.type !== 'object') return b.type !== 'any' && b.type !== 'free';
  return (
    (term.values ?? []).some((v) => atomExcludes({ kind: 'value', ...v, required: true }, b)) ||
    (term.keys ?? []).some((k) => atomExcludes({ kind: 'key', key: k }, b))
  );
}

/**
 * The alternative's term, and when that term tests a property the payload does not require, a
 * loose fallback for frames that leave the property out (they are still this message's).
 */
function termFor(alt: Alternative, others: Alternative[]): [MatchTerm, MatchTerm?] {
  if (alt.type === 'any' || alt.type === 'scalar') {
    // Nothing to test: such a message takes what the others do not (scalars are rare in JSON
    // frames; they are still told from objects and arrays by the others' tests).
    return [{ loose: true }];
  }
  if (alt.type === 'free') return [{ type: 'object', loose: true }];
  if (alt.type === 'array') {
    return others.some((b) => b.type === 'array') ? [{ type: 'array', loose: true }] : [{ type: 'array' }];
  }
  // Alternatives that say nothing are not rivals: they take what this one does not.
  let remaining = others.filter((b) => b.type === 'object');
  const atoms: Atom[] = [];
  // Cheapest first: a required constant, a required key, then a constant of an optional property.
  for (const [property, info] of alt.props) if (info.values && info.required) atoms.push({ kind: 'value', property, values: info.values, required: true });
  for (const [key, info] of alt.props) if (info.required) atoms.push({ kind: 'key', key });
  for (const [property, info] of alt.props) if (info.values && !info.required) atoms.push({ kind: 'value', property, values: info.values, required: false });
  const chosen: Atom[] = [];
  while (remaining.length > 0) {
    let best: Atom | undefined;
    let bestCount = 0;
    for (const atom of atoms) {
      if (chosen.includes(atom)) continue;
      let count = 0;
      for (const b of remaining) if (atomExcludes(atom, b)) count++;
      if (count > bestCount) {
        best = atom;
        bestCount = count;
      }
    }
    if (best === undefined) break;
    chosen.push(best);
    remaining = remaining.filter((b) => !atomExcludes(best!, b));
  }
  const term: MatchTerm = { type: 'object' };
  const values = chosen.flatMap((a) => (a.kind === 'value' ? [{ property: a.property, values: a.values }] : []));
  const keys = chosen.flatMap((a) => (a.kind === 'key' ? [a.key] : []));
  if (values.length > 0) term.values = values;
  if (keys.length > 0) term.keys = keys;
  if (remaining.length > 0) term.loose = true;
  if (!chosen.some((a) => a.kind === 'value' && !a.required)) return [term];
  const fallback: MatchTerm = { type: 'object' };
  const requiredValues = chosen.flatMap((a) => (a.kind === 'value' && a.required ? [{ property: a.property, values: a.values }] : []));
  if (requiredValues.length > 0) fallback.values = requiredValues;
  if (keys.length > 0) fallback.keys = keys;
  fallback.absent = chosen.flatMap((a) => (a.kind === 'value' && !a.required ? [a.property] : []));
  fallback.loose = true;
  return [term, fallback];
}

/** The simplest match equivalent to the terms (the older single-test kinds where they suffice). */
function toMatch(terms: MatchTerm[]): MessageMatch | undefined {
  const unique: MatchTerm[] = [];
  for (const t of terms) if (!unique.some((u) => JSON.stringify(u) === JSON.stringify(t))) unique.push(t);
  if (unique.length === 1) {
    const t = unique[0]!;
    if (t.type === undefined && t.loose) return undefined;
    if (t.type === 'object' && !t.loose) {
      if (t.values?.length === 1 && t.keys === undefined) return { kind: 'property', property: t.values[0]!.property, values: t.values[0]!.values };
      if (t.keys?.length === 1 && t.values === undefined) return { kind: 'key', key: t.keys[0]! };
    }
    if (t.type === 'object' && t.values === undefined && t.keys === undefined && t.absent === undefined) return { kind: 'object' };
  }
  return { kind: 'rule', anyOf: unique };
}
