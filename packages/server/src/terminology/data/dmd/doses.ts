/**
 * Dose texts many rows share. Doses are the usual adult doses written the way English prescriptions
 * are, to seed a prescribing picker: defaults to edit, not advice.
 */
export const ONE_DAILY = 'One tablet to be taken once a day';
export const ONE_AT_NIGHT = 'One tablet to be taken at night';
export const ONE_CAP_DAILY = 'One capsule to be taken once a day';
export const ONE_MORNING = 'One tablet to be taken each morning';
export const ONE_TWICE = 'One tablet to be taken twice a day';
export const CAP_TWICE = 'One capsule to be taken twice a day';
export const CAP_THREE_TIMES = 'One capsule to be taken three times a day';
export const WITH_BREAKFAST = 'One tablet to be taken once a day with breakfast';
export const ANTICOAGULANT_CLINIC = 'To be taken as directed by the anticoagulant clinic';
