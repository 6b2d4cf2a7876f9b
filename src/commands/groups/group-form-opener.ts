import type { CommandRequest } from '../../slack/kit/request.js';
import { groupFormModal, type GroupFormKind } from '../../views/groups/group-modals.js';

/** Opens the form of a `/ub group` subcommand given without arguments. */
export async function openGroupForm(request: CommandRequest, kind: GroupFormKind): Promise<void> {
  await request.openModal(groupFormModal(kind));
}
