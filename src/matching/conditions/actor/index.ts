import { entityCondition } from '../entity-list.js';

export default entityCondition('actor', 'actors', 'actor', 'actor', 'An armed group is named (gazetteer ids, e.g. jnim or actor/jnim).');
