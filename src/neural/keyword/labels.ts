/** The commands the shipped keyword spotter knows. @public */
export const COMMANDS = ['left', 'right', 'up', 'down', 'stop', 'go'] as const;

/** A spoken command. @public */
export type VoiceCommand = (typeof COMMANDS)[number];

/**
 * The spotter's output classes, in model output order: the commands, then `unknown` (some other
 * word) and `silence` (no speech).
 * @public
 */
export const KEYWORD_LABELS = [...COMMANDS, 'unknown', 'silence'] as const;

/** One of the spotter's output classes. @public */
export type KeywordLabel = (typeof KEYWORD_LABELS)[number];
