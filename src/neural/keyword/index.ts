export { COMMANDS, KEYWORD_LABELS, type KeywordLabel, type VoiceCommand } from './labels';
export {
  createIntentRecognizer,
  type IntentRecognizer,
  type IntentRecognizerOptions,
  type RecognizedIntent,
} from './recognizer';
export { createKeywordSpotter, type KeywordScores, type KeywordSpotter } from './spotter';
