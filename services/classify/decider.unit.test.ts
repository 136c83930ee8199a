import { classificationRecord } from './decider';
import { emptyScores } from './signals/types';

describe('classify classificationRecord', () => {
  it('turns a classification into the Avro block, explanations as JSON and the topic split out', () => {
    const scores = { ...emptyScores(), spam: 0.9 };
    const record = classificationRecord(
      { scores, isQuestion: { value: true, score: 0.8 }, topic: { label: 'card_arrival', score: 0.7 }, explanations: [{ category: 'spam', source: 'spam@1', spans: [] }], modelVersions: { spam: '1' } },
      1234,
      { spam: 0.5 },
    );
    expect(record).toEqual({
      scores, is_question: true, question_score: 0.8, topic: 'card_arrival', topic_score: 0.7,
      explanations_json: '[{"category":"spam","source":"spam@1","spans":[]}]', model_versions: { spam: '1' }, shadow_scores: { spam: 0.5 }, classified_at: 1234,
    });
  });

  it('has no topic without a router', () => {
    expect(classificationRecord({ scores: emptyScores(), isQuestion: { value: false, score: 0 }, explanations: [], modelVersions: {} }, 1)).toMatchObject({ topic: null, topic_score: null, shadow_scores: null });
  });
});
