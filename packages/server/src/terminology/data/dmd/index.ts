/**
 * dm+d (NHS Dictionary of Medicines and Devices) products prescribed in English general practice:
 * VTMs, VMPs and AMPs, split by BNF chapter. dm+d ids are SNOMED CT UK Drug Extension concept ids.
 *
 * The VMPs are chosen to cover the medicines English practices issue most items of (statins,
 * antihypertensives, anticoagulants and antiplatelets, antidiabetics and insulins, inhalers,
 * antidepressants, analgesics, PPIs and laxatives, levothyroxine, common antibiotics), in the
 * strengths and forms in everyday use. Every id and name was read from a published list
 * (./sources.ts says which, and how); forms and strengths are as the VMP names state them; doses are
 * usual adult doses written the way English prescriptions are, defaults to edit, not advice.
 *
 * Not held yet (no typed source list read): vitamins and minerals, urological drugs, contraceptives
 * and HRT, emollients and most topical steroids, glaucoma eye drops, vaccines.
 */
import type { AmpRow, DmdChapter, VmpRow } from '../types';
import { CARDIOVASCULAR } from './cardiovascular';
import { ENDOCRINE } from './endocrine';
import { EYE_EAR_NOSE_SKIN } from './eye-ear-nose-skin';
import { GASTRO_INTESTINAL } from './gastro-intestinal';
import { INFECTIONS } from './infections';
import { MUSCULOSKELETAL } from './musculoskeletal';
import { NERVOUS_SYSTEM } from './nervous-system';
import { RESPIRATORY } from './respiratory';

export { VTMS } from './vtms';

/** In BNF chapter order. */
export const CHAPTERS: readonly DmdChapter[] = [
  GASTRO_INTESTINAL,
  CARDIOVASCULAR,
  RESPIRATORY,
  NERVOUS_SYSTEM,
  INFECTIONS,
  ENDOCRINE,
  MUSCULOSKELETAL,
  EYE_EAR_NOSE_SKIN,
];

export const VMPS: readonly VmpRow[] = CHAPTERS.flatMap((c) => c.vmps);
export const AMPS: readonly AmpRow[] = CHAPTERS.flatMap((c) => c.amps);

const byCode = new Map(VMPS.map((v) => [v.code, v]));

/** The VMP with this current VPID; throws when it is not held (a typo in a seed table, say). */
export function getVmp(code: string): VmpRow {
  const vmp = byCode.get(code);
  if (!vmp) throw new Error(`dm+d VMP ${code} is not held`);
  return vmp;
}
