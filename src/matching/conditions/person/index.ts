import { entityCondition } from '../entity-list.js';

export default entityCondition('person', 'people', 'person', 'person', 'A leader or spokesman is named (gazetteer ids, e.g. iyad-ag-ghali).');
