import { addDays, workdayOnOrAfter } from '../dates';
import { STREETS } from '../people';
import { type Rng } from '../random';
import { type CorrespondentDef, type StepDef } from './types';

export interface StoryContext {
  /** The year of the reference date */
  y: number;
  /** The reference date ('today' of the demo data) */
  today: string;
  rng: Rng;
}

/** `${year}-${monthDay}` moved forward by up to `jitter` days, onto a weekday. */
export function day(ctx: StoryContext, year: number, monthDay: string, jitter = 0): string {
  return workdayOnOrAfter(addDays(`${year}-${monthDay}`, jitter ? ctx.rng.int(0, jitter) : 0));
}

/** A private person; the postal address is never public. */
export function person(ctx: StoryContext, name: string): CorrespondentDef {
  const street = ctx.rng.pick(STREETS);
  return {
    name,
    isPerson: true,
    address: `${street} ${ctx.rng.int(1, 48)}, 4700 Vennesla`,
    email: null,
  };
}

/** An open contact person at an organisation. */
export function contact(name: string, domain: string): CorrespondentDef {
  const local = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/å/g, 'a')
    .replace(/\s+/g, '.');
  return { name, isPerson: true, address: null, email: `${local}@${domain}` };
}

/**
 * "<base> – {name}": the name is screened. One time in four the public title is typed in
 * explicitly ("<base>"), as the routines also allow, instead of being derived ("<base> – *****").
 */
export function named(
  ctx: StoryContext,
  base: string,
  name: string,
): Pick<StepDef, 'title' | 'publicTitle'> {
  const title = `${base} – {${name}}`;
  return ctx.rng.chance(0.25) ? { title, publicTitle: base } : { title };
}
