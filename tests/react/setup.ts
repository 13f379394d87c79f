// Testing Library's waitFor gives up after 1 s by default: on a loaded CI machine a relay round
// trip or a lazily loaded chunk can take longer. waitFor returns as soon as its check passes, so a
// longer limit costs nothing when things are fast and only says "failed" later when they break.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 10_000 });
