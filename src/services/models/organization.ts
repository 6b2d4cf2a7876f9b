import { Schema, type Connection } from 'mongoose';

/** One Slack workspace (team) is one organization; its `_id` is the team id. */
export interface OrganizationDoc {
  _id: string;
  name: string | undefined;
  /** Slack user IDs made admins on first contact, until each has an org user of their own. */
  bootstrapAdmins: string[];
  createdAt: Date;
  updatedAt: Date;
}

const organizationSchema = new Schema<OrganizationDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String },
    bootstrapAdmins: { type: [String], default: [] },
  },
  { timestamps: true, versionKey: false },
);

export function organizationModel(connection: Connection) {
  return connection.model<OrganizationDoc>('Organization', organizationSchema, 'organizations');
}
