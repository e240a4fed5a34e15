/** Path and query parameters of the campaign routes (strict: an unknown one is a 400). */
import * as z from 'zod';
import { Id } from '#core/shared/common-schemas.js';
import { pageParameters } from '../api/common-parameters.js';

export const CampaignIdParams = z.strictObject({ campaignId: Id });
export const ListCampaignsQuery = z.strictObject(pageParameters);
