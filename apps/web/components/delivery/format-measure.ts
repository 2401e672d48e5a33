import type { DeliveryMeasureView } from '@rehearse/api-contract';
import { DELIVERY_MEASURE_INFO, type DeliveryMeasure } from '@rehearse/interview';

/** Whether a value is an answer's or an interview's (long pauses: per answer; length: share on target). */
export type MeasureScope = 'answer' | 'interview';

/** A measure's value as the candidate reads it: "152 words/min", "72 %", "2 of 3 on target". */
export function formatMeasureValue(measure: DeliveryMeasure, value: number, scope: MeasureScope): string {
  switch (measure) {
    case 'pace':
      return `${Math.round(value)} words/min`;
    case 'fillers':
      return `${value.toFixed(1)} per min`;
    case 'long_pauses':
      return scope === 'answer' ? String(value) : `${value.toFixed(1)} per answer`;
    case 'talk_ratio':
      return `${Math.round(value * 100)} %`;
    case 'answer_length':
      return scope === 'answer' ? `${Math.round(value)} s` : `${Math.round(value * 100)} % on target`;
  }
}

/** The value, or why there is none ("Not enough transcript"). */
export function describeMeasure(
  measure: DeliveryMeasure,
  view: DeliveryMeasureView,
  scope: MeasureScope,
): string {
  if (view.value !== null) return formatMeasureValue(measure, view.value, scope);
  return view.unmeasured === 'not_enough_transcript' ? 'Not enough transcript' : 'Too short to measure';
}

export function measureLabel(measure: DeliveryMeasure, scope: MeasureScope): string {
  const info = DELIVERY_MEASURE_INFO[measure];
  return scope === 'answer' ? info.label : info.summaryLabel;
}
