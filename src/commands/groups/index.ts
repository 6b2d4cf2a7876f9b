import {
  groupCreateModalHandler,
  groupCreateSubcommand,
  groupDeleteConfirm,
  groupDeleteSubcommand,
  groupListPage,
  groupListSubcommand,
  groupRenameSubcommand,
} from './group-catalog-commands.js';
import { groupAdminSubcommand } from './group-admin.js';
import { groupFormModals } from './group-forms.js';
import { groupAddSubcommand, groupRemoveConfirm, groupRemoveSubcommand, groupShowPage, groupShowSubcommand } from './group-member-commands.js';
import type { Action, Modal } from '../../slack/kit/interaction.js';
import type { Subcommand } from '../../slack/kit/subcommand.js';

/** The group subcommands, buttons and modals, in the order `/ub help` lists them. */
export function groupSubcommands(): Subcommand[] {
  return [
    groupListSubcommand,
    groupShowSubcommand,
    groupCreateSubcommand,
    groupRenameSubcommand,
    groupDeleteSubcommand,
    groupAddSubcommand,
    groupRemoveSubcommand,
    groupAdminSubcommand,
  ];
}

export function groupActions(): Action[] {
  return [groupDeleteConfirm, groupListPage, groupRemoveConfirm, groupShowPage];
}

export function groupModals(): Modal[] {
  return [groupCreateModalHandler, ...groupFormModals()];
}
