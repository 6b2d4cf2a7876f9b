import { Schema, type Connection } from 'mongoose';

/**
 * A Slack OAuth installation (multi-workspace mode), stored as Bolt hands it to the
 * InstallationStore. `_id` is the team id, or the enterprise id for org-wide installs.
 */
export interface SlackInstallationDoc {
  _id: string;
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
  /** Bolt's Installation object, kept whole so a Bolt upgrade adding fields loses nothing. */
  installation: Record<string, unknown>;
  installedAt: Date;
}

const slackInstallationSchema = new Schema<SlackInstallationDoc>(
  {
    _id: { type: String, required: true },
    teamId: { type: String },
    enterpriseId: { type: String },
    isEnterpriseInstall: { type: Boolean, default: false },
    installation: { type: Schema.Types.Mixed, required: true },
    installedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export function slackInstallationModel(connection: Connection) {
  return connection.model<SlackInstallationDoc>('SlackInstallation', slackInstallationSchema, 'slack_installations');
}
