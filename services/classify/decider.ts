// classify's pure part: a Classification becomes the Avro block carried on moderation.classified.
import type { Classification } from './signals/types';

export function classificationRecord(c: Classification, classifiedAt: number, shadowScores: Record<string, number> | null = null) {
  return {
    scores: c.scores,
    is_question: c.isQuestion.value,
    question_score: c.isQuestion.score,
    topic: c.topic?.label ?? null,
    topic_score: c.topic?.score ?? null,
    explanations_json: JSON.stringify(c.explanations),
    model_versions: c.modelVersions,
    shadow_scores: shadowScores,
    classified_at: classifiedAt,
  };
}
