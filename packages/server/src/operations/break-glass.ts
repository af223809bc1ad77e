/**
 * `POST Patient/{id}/$break-glass` (ours; issue 5): a clinician or an external clinical system
 * states why they must see what is withheld from them in this patient's record — `reason`
 * (10–1,000 characters) and optionally `minutes` (default 60, at most 240). Answers with a
 * Parameters resource naming when the grant expires. The repository audits it (purpose of use
 * BTG) and misuse detection alerts the practice.
 */
import { fail } from '@openpractice/fhir';
import { BREAK_GLASS_DEFAULT_MINUTES } from '../repo/break-glass';
import { registerOperation } from './registry';

registerOperation({
  name: 'break-glass',
  instances: ['Patient'],
  idempotent: false,
  async handler(ctx, _req, target, params) {
    const reason = params.get('reason');
    if (reason === undefined) throw fail.badRequest('Give the reason for breaking the glass (parameter reason)', ['reason']);
    const minutesText = params.get('minutes');
    const minutes = minutesText === undefined ? BREAK_GLASS_DEFAULT_MINUTES : Number(minutesText);
    const grant = await ctx.repo.breakGlass(target.id!, reason, minutes);
    return {
      status: 200,
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'patient', valueReference: { reference: `Patient/${grant.patientId}` } },
          { name: 'start', valueDateTime: grant.startedAt },
          { name: 'expires', valueDateTime: grant.expiresAt },
        ],
      },
    };
  },
});
