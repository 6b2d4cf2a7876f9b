import type { Model, UpdateQuery } from 'mongoose';
import { UbError } from './errors.js';

/** Tries of a guarded write that keeps meeting other writers before it gives up (each is a read and a write). */
const ATTEMPTS = 5;

/**
 * A conditional update that filters on `_id` alone (decision 016's limits): FerretDB on SQLite
 * indexes only `{ _id: value }`, so a guarded filter (`{ _id, status, groupIds: { $ne } }`) reads the
 * whole collection per write. Instead: read the document by `_id`; if `wants` it, write by `_id`
 * (bumping `version`) and look at the document as the write found it. Same `version` as the read:
 * nothing came between, the decision stands. Another `version`: the write is judged again on what
 * it found, and when it should not have been made, `undo` (built from that document) reverses
 * exactly what it changed, and the whole is tried again. Writes of one document are serialized (the
 * write front on FerretDB, MongoDB itself), so the document "as the write found it" is exact.
 */
export async function updateByIdGuarded<T, Doc extends { version?: number | undefined }>(
  model: Model<T>,
  id: string,
  fields: Record<string, 1>,
  wants: (doc: Doc) => boolean,
  update: UpdateQuery<T>,
  undo: (before: Doc) => UpdateQuery<T>,
): Promise<{ applied: true; before: Doc } | { applied: false; doc: Doc | undefined }> {
  const projection = { ...fields, version: 1 };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const doc = (await model.findById(id).select(projection).lean<Doc>().exec()) ?? undefined;
    if (!doc || !wants(doc)) return { applied: false, doc };
    const bump = { ...update, $inc: { ...(update.$inc as Record<string, number> | undefined), version: 1 } };
    const before = await model
      // No projection: FerretDB 1.24's findAndModify does not take one.
      .findOneAndUpdate({ _id: id }, bump, { returnDocument: 'before' })
      .lean<Doc>()
      .exec();
    if (!before) return { applied: false, doc: undefined };
    if ((before.version ?? 0) === (doc.version ?? 0) || wants(before)) return { applied: true, before };
    await model.updateOne({ _id: id }, undo(before)).exec();
  }
  throw new UbError('conflict', 'This person kept changing while ub was updating them. Run it again.');
}

/**
 * The write and its undo for one group membership change of a person or a pending invitation,
 * marked with the batch item that made it (`<marks>.<group>` = `key`) so a batch applied again
 * recognizes its own change. The undo restores the membership and the earlier mark as they were.
 */
export function groupMembershipWrite<Doc extends { groupIds: string[] }>(input: {
  groupId: string;
  change: 'add' | 'remove';
  key: string;
  /** The field holding the marks: `membershipChanges` (users) or `groupChanges` (invitations). */
  marks: string;
  markOf: (doc: Doc) => string | undefined;
}): { update: UpdateQuery<unknown>; undo: (before: Doc) => UpdateQuery<unknown> } {
  const { groupId, change, key } = input;
  const path = `${input.marks}.${groupId}`;
  return {
    update: {
      ...(change === 'add' ? { $addToSet: { groupIds: groupId } } : { $pull: { groupIds: groupId } }),
      $set: { [path]: key },
    },
    undo: (before) => {
      const earlier = input.markOf(before);
      const had = before.groupIds.includes(groupId);
      return {
        ...(change === 'add' && !had ? { $pull: { groupIds: groupId } } : {}),
        ...(change === 'remove' && had ? { $addToSet: { groupIds: groupId } } : {}),
        ...(earlier !== undefined ? { $set: { [path]: earlier } } : { $unset: { [path]: 1 } }),
        $inc: { version: 1 },
      };
    },
  };
}
