import type { Tx } from '../store/database.js';
import { UserError } from './errors.js';

export interface ScopeOptions {
  organizationCode?: string | undefined;
  campaignCode?: string | undefined;
  /** the local date used to pick the running campaign when there are several */
  today: string;
}

/**
 * Every query is scoped to one organization (one installation may serve many). On the command
 * line the organization and campaign may be omitted when there is only one, or only one running.
 */
export async function resolveOrganization(db: Tx, organizationCode: string | undefined) {
  if (organizationCode !== undefined) {
    const organization = await db.organization.findUnique({ where: { code: organizationCode } });
    if (!organization) throw new UserError('common:scope.unknown_organization', { code: organizationCode });
    return organization;
  }
  const organizations = await db.organization.findMany({ orderBy: { code: 'asc' }, take: 20 });
  const [only] = organizations;
  if (!only) throw new UserError('common:scope.no_plan');
  if (organizations.length > 1) {
    throw new UserError('common:scope.choose_organization', {
      codes: organizations.map((o) => o.code).join(', '),
    });
  }
  return only;
}

export async function resolveCampaign(db: Tx, options: ScopeOptions) {
  const organization = await resolveOrganization(db, options.organizationCode);
  if (options.campaignCode !== undefined) {
    const campaign = await db.campaign.findUnique({
      where: { organizationId_code: { organizationId: organization.id, code: options.campaignCode } },
    });
    if (!campaign) throw new UserError('common:scope.unknown_campaign', { code: options.campaignCode });
    return { organization, campaign };
  }
  const campaigns = await db.campaign.findMany({
    where: { organizationId: organization.id },
    orderBy: { startDate: 'desc' },
  });
  const running = campaigns.filter((c) => c.startDate <= options.today && options.today <= c.endDate);
  const chosen = campaigns.length === 1 ? campaigns[0] : running.length === 1 ? running[0] : undefined;
  if (!chosen) {
    if (campaigns.length === 0) throw new UserError('common:scope.no_plan');
    throw new UserError('common:scope.choose_campaign', { codes: campaigns.map((c) => c.code).join(', ') });
  }
  return { organization, campaign: chosen };
}
