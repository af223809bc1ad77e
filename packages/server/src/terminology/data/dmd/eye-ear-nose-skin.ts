/**
 * dm+d products of BNF chapters 11-13: eye, ear, nose and oropharynx, and skin.
 * Rows cite their source lists (./sources.ts); forms and strengths are as the VMP names state them.
 */
import type { DmdChapter } from '../types';
import { LOOKUP } from './sources';

export const EYE_EAR_NOSE_SKIN: DmdChapter = {
  vmps: [
    // Analgesics and antipyretics (rows held before this import; sources as named per row).
    { code: '42100111000001106', display: 'Benzydamine 0.15% oromucosal spray sugar free', form: 'Oromucosal spray', strength: '0.15%', vtmName: 'Benzydamine', dose: 'Four to eight sprays onto the affected area every 1.5 to 3 hours', source: LOOKUP },
    // Respiratory (rows held before this import; sources as named per row).
    { code: '39109911000001109', display: 'Mometasone 50micrograms/dose nasal spray', form: 'Nasal spray', strength: '50micrograms/dose', vtmName: 'Mometasone', dose: 'Two sprays into each nostril once a day', source: LOOKUP },
    // Skin, eye and ear (rows held before this import; sources as named per row).
    { code: '41900511000001104', display: 'Hydrocortisone 1% cream', form: 'Cream', strength: '1%', vtmName: 'Hydrocortisone', dose: 'Apply thinly to the affected area once or twice a day', source: LOOKUP },
    { code: '41894811000001103', display: 'Clotrimazole 1% cream', form: 'Cream', strength: '1%', vtmName: 'Clotrimazole', dose: 'Apply to the affected area two to three times a day', source: LOOKUP },
    { code: '38083011000001101', display: 'Permethrin 5% cream', form: 'Cream', strength: '5%', vtmName: 'Permethrin', dose: 'Apply over the whole body, wash off after 8 to 12 hours, repeat after 7 days', source: LOOKUP },
    { code: '42186611000001102', display: 'Chloramphenicol 0.5% eye drops', form: 'Eye drops', strength: '0.5%', vtmName: 'Chloramphenicol', dose: 'One drop to be put into the affected eye every two hours for 2 days, then four times a day', source: LOOKUP },
    { code: '42186711000001106', display: 'Chloramphenicol 1% eye ointment', form: 'Eye ointment', strength: '1%', vtmName: 'Chloramphenicol', dose: 'Apply to the affected eye three to four times a day', source: LOOKUP },
    { code: '16132411000001105', display: 'Olive oil ear drops', form: 'Ear drops', vtmName: 'Olive oil', dose: 'Two to three drops to be put into the affected ear twice a day', source: LOOKUP },
  ],
  amps: [
    // opensafely/pharmacy-first vmp_vtm_lookup.csv and the UTI treatment codelist.
    ['123711000001109', 'Nasonex 50micrograms/dose nasal spray', '39109911000001109'],
    ['9361811000001108', 'Optrex Infected Eyes 0.5% eye drops', '42186611000001102'],
    ['531611000001106', 'Difflam 0.15% spray', '42100111000001106'],
    ['3387811000001101', 'Lyclear 5% dermal cream', '38083011000001101'],
  ],
};
