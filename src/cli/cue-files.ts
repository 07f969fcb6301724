import { ACCOUNT_CUES } from '../extraction/accounts.js';
import type { CueFile } from '../extraction/cue-words.js';
import { FRAME_CUES } from '../extraction/frames.js';
import { LEADER_CUES } from '../extraction/leader-references.js';
import { STATEMENT_CUES } from '../extraction/statements.js';
import { UNLISTED_CUES } from '../extraction/unlisted.js';
import { FOLLOW_UP_CUES } from '../stories/follow-up.js';
import { AGENCY_CUES } from '../stories/syndication.js';

/**
 * The bundled word files extraction and story filing read for every report, each with its schema: `sahelwatch check`
 * validates every one, and a test holds them sound.
 */
export const BUNDLED_CUE_FILES: readonly CueFile[] = [FRAME_CUES, STATEMENT_CUES, ACCOUNT_CUES, LEADER_CUES, AGENCY_CUES, UNLISTED_CUES, FOLLOW_UP_CUES];
