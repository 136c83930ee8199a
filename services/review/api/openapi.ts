// The OpenAPI 3 document for the review API, written by hand around JSON Schemas generated from the
// same zod schemas that validate requests, so the document cannot drift from the validation.
import { z } from 'zod';
import { ACTIONS } from './permissions';
import * as S from './schemas';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const ok = (name: string, description = 'OK') => ({ description, content: { 'application/json': { schema: ref(name) } } });
const errors = Object.fromEntries(
  [['400', 'invalid input (names the field)'], ['401', 'no or unknown bearer token'], ['403', 'role, queue or appeal rule forbids it'], ['404', 'no such case (or another tenant\'s)'], ['409', 'lease conflict or wrong case status']]
    .map(([code, description]): [string, unknown] => [code ?? '', { description, content: { 'application/json': { schema: ref('Error') } } }]),
);
const pathParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });
const body = (name: string) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });

function op(summary: string, action: string, response: string, extra: Record<string, unknown> = {}) {
  return { summary, 'x-vigil-action': action, security: [{ bearer: [] }], responses: { '200': ok(response), ...errors }, ...extra };
}

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.0.3',
    info: { title: 'Vigil review API', version: '1.0.0', description: `Human review: queues, claim leases, decisions, appeals. Actions: ${ACTIONS.join(', ')}.` },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: json(S.ErrorBody), CaseView: json(S.CaseView), CaseDetail: json(S.CaseDetail), ActionResult: json(S.ActionResult),
        QueuesResponse: json(S.QueuesResponse), DecideBody: json(S.DecideBody), ReassignBody: json(S.ReassignBody),
        AppealBody: json(S.AppealBody), AppealDecideBody: json(S.AppealDecideBody), SlaResponse: json(S.SlaResponse), Revealed: json(S.Revealed),
      },
    },
    paths: {
      '/v1/queues': { get: op('Queues visible to the caller, with counts, oldest age and SLA countdown', 'queues.list', 'QueuesResponse') },
      '/v1/queues/{queue}/claim-next': { post: op('Claim the highest-priority unclaimed case (a 10-minute lease)', 'case.claim', 'ActionResult', { parameters: [pathParam('queue')] }) },
      '/v1/cases/{id}': { get: op('A case with masked post text, reasons and history', 'case.read', 'CaseDetail', { parameters: [pathParam('id')] }) },
      '/v1/cases/{id}/release': { post: op('Give the case back to its queue', 'case.release', 'ActionResult', { parameters: [pathParam('id')] }) },
      '/v1/cases/{id}/extend': { post: op('Extend your lease', 'case.extend', 'ActionResult', { parameters: [pathParam('id')] }) },
      '/v1/cases/{id}/reassign': { post: op('Hand the case to another reviewer (lead)', 'case.reassign', 'ActionResult', { parameters: [pathParam('id')], requestBody: body('ReassignBody') }) },
      '/v1/cases/{id}/decide': { post: op('Decide the case you hold', 'case.decide', 'ActionResult', { parameters: [pathParam('id')], requestBody: body('DecideBody') }) },
      '/v1/cases/{id}/reveal': { post: op('Unmask personal data (audited)', 'case.reveal', 'Revealed', { parameters: [pathParam('id')] }) },
      '/v1/appeals': { post: { ...op('File a member appeal (per-tenant appeal token)', 'appeal.file', 'ActionResult', { requestBody: body('AppealBody') }), responses: { '201': ok('ActionResult', 'appeal filed'), ...errors } } },
      '/v1/appeals/{case_id}/decide': { post: op('Decide an appeal (a different reviewer than the appealed decision)', 'appeal.decide', 'ActionResult', { parameters: [pathParam('case_id')], requestBody: body('AppealDecideBody') }) },
      '/v1/sla/check': { post: op('Escalate cases past their SLA now (lead)', 'sla.check', 'SlaResponse') },
    },
  };
}
