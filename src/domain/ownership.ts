/** The refusal when someone acts on a thing (an item, a schedule) that is not theirs. */
export type NotOwner = { code: 'not_owner'; ownerId: string };

/** Only its owner may act on an item or a schedule: the refusal for anyone else, or undefined. */
export function notOwner(thing: { ownerId: string }, actor: string): NotOwner | undefined {
  return thing.ownerId === actor ? undefined : { code: 'not_owner', ownerId: thing.ownerId };
}
