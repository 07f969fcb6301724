import { entityCondition } from '../entity-list.js';

export default entityCondition('equipment', 'equipment', 'equipment', 'equipment', 'Equipment is named (gazetteer ids, e.g. drone, starlink).');
