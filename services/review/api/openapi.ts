// The OpenAPI 3 document for the review API, written by hand around JSON Schemas generated from the
// same zod schemas that validate requests, so the document cannot drift from the validation.
import { z } from 'zod';
import { ACTIONS } from './permissions';
import * as S from './schemas';
import * as A from './answer-schemas';
import * as W from './wellbeing-schemas';

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
        AnswerBody: json(A.AnswerBody), ApproveAnswerBody: json(A.ApproveAnswerBody), ReassignQuestionBody: json(A.ReassignQuestionBody), AnswerResult: json(A.AnswerResult),
        SuggestionsResponse: json(A.SuggestionsResponse), QuestionSweepResponse: json(A.QuestionSweepResponse), SecondReviewBody: json(A.SecondReviewBody),
        QualitySampleResponse: json(A.QualitySampleResponse), QualityResponse: json(A.QualityResponse),
        ExposureResponse: json(W.ExposureResponse), ExposureLimitBody: json(W.ExposureLimitBody), DashboardResponse: json(W.DashboardResponse),
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
      '/v1/questions/{case_id}/suggestions': { get: op('The question (masked) and up to 3 prior approved answers on its topic, by TF-IDF similarity', 'question.suggest', 'SuggestionsResponse', { parameters: [pathParam('case_id')] }) },
      '/v1/questions/{case_id}/answer': { post: { ...op('Post an answer to a question (1 to 5,000 characters)', 'question.answer', 'AnswerResult', { parameters: [pathParam('case_id')], requestBody: body('AnswerBody') }), responses: { '201': ok('AnswerResult', 'answer posted'), ...errors } } },
      '/v1/questions/{case_id}/approve': { post: op('Approve an answer posted on this question, or a suggested answer; it goes downstream on decisions', 'question.approve', 'AnswerResult', { parameters: [pathParam('case_id')], requestBody: body('ApproveAnswerBody') }) },
      '/v1/questions/{case_id}/reassign': { post: op('Move a routed question to another expert queue and/or expert', 'question.reassign', 'ActionResult', { parameters: [pathParam('case_id')], requestBody: body('ReassignQuestionBody') }) },
      '/v1/questions/sweep': { post: op('Route questions unanswered for the policy\'s time to expert queues now (lead)', 'questions.sweep', 'QuestionSweepResponse') },
      '/v1/quality/sample': { post: op('Send the policy\'s sample of human-decided cases to the quality queue now (lead)', 'quality.sample', 'QualitySampleResponse') },
      '/v1/quality/{case_id}/decide': { post: op('Second review of a sampled case (a different reviewer than the first)', 'quality.decide', 'ActionResult', { parameters: [pathParam('case_id')], requestBody: body('SecondReviewBody') }) },
      '/v1/quality': { get: op('Reviewer agreement (Cohen\'s kappa) and overturn rates from the log (lead)', 'quality.read', 'QualityResponse', { parameters: ['from', 'to'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string', format: 'date-time' } })) }) },
      '/v1/dashboard': { get: op('Queue dashboard: depth, oldest age, overdue and SLA breaches per queue, and claimed cases', 'queues.dashboard', 'DashboardResponse') },
      '/v1/wellbeing/exposure': { get: op('Today\'s harm exposure counters, limits and skipped categories (yours, or a reviewer\'s for a lead)', 'exposure.read', 'ExposureResponse', { parameters: [{ name: 'reviewer_id', in: 'query', required: false, schema: { type: 'string' } }] }) },
      '/v1/wellbeing/limits': { put: op('Set or clear a reviewer\'s daily exposure limit for a harm category (lead)', 'exposure.limit', 'ExposureResponse', { requestBody: body('ExposureLimitBody') }) },
    },
  };
}
