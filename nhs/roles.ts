/**
 * How NHS England's workforce files map onto the model's roles (docs/data.md, "Roles"). One table for the
 * practice file's columns and one for the PCN file's role names; anything not listed is not modelled as
 * clinical capacity and is counted, by group, in the build's summary so that nothing disappears unseen.
 */
import type { Role } from '../engine/types.ts';

/**
 * Practice-level detailed file: the columns summed into each model role. GPs are the substantive FTE
 * (partners, salaried, retainers and trainees: TOTAL_GP_EXL_FTE, "excluding locums"); locums are the rest.
 */
export const PRACTICE_ROLE_COLUMNS: Readonly<Record<Exclude<Role, 'gp'>, readonly string[]>> = {
  anp: ['TOTAL_N_ADV_NURSE_PRAC_FTE'],
  nurse: ['TOTAL_N_PRAC_NURSE_FTE', 'TOTAL_N_ENH_PRAC_NURSE_FTE', 'TOTAL_N_NURSE_SPEC_FTE', 'TOTAL_N_EXT_ROLE_NURSE_FTE',
    'TOTAL_N_NURSE_DISP_FTE', 'TOTAL_N_NURSE_PTNR_FTE', 'TOTAL_N_NURSE_OTH_FTE', 'TOTAL_DPC_NURSE_ASSOC_FTE'],
  hca: ['TOTAL_DPC_HCA_FTE', 'TOTAL_DPC_PHLEB_FTE', 'TOTAL_DPC_APP_HCA_FTE', 'TOTAL_DPC_APP_PHLEB_FTE', 'TOTAL_DPC_HLTH_SPRT_WRK_FTE'],
  pharmacist: ['TOTAL_DPC_PHARMA_FTE', 'TOTAL_DPC_ADV_PHARMA_PRAC_FTE'],
  physio: ['TOTAL_DPC_PHYSIO_FTE', 'TOTAL_DPC_ADV_PHYSIO_PRAC_FTE'],
  paramedic: ['TOTAL_DPC_PARAMED_FTE', 'TOTAL_DPC_ADV_PARAMED_PRAC_FTE'],
  pa: ['TOTAL_DPC_PHYSICIAN_ASSOC_FTE'],
};

/** GP columns: the substantive FTE, all GPs including locums, and the headcount (each with older aliases). */
export const GP_COLUMNS = {
  substantive: ['TOTAL_GP_EXL_FTE', 'TOTAL_GP_EXRRL_FTE'],
  all: ['TOTAL_GP_FTE'],
  locum: ['TOTAL_GP_LOCUM_VAC_FTE', 'TOTAL_GP_LOCUM_ABS_FTE', 'TOTAL_GP_LOCUM_OTH_FTE'],
  headcount: ['TOTAL_GP_EXL_HC', 'TOTAL_GP_HC'],
  trainees: ['TOTAL_GP_TRN_GR_ST1_FTE', 'TOTAL_GP_TRN_GR_ST2_FTE', 'TOTAL_GP_TRN_GR_ST3_FTE', 'TOTAL_GP_TRN_GR_ST4_FTE', 'TOTAL_GP_TRN_GR_OTH_FTE', 'TOTAL_GP_TRN_GR_F1_2_FTE'],
} as const;

/** Practice columns counted but not modelled as clinical capacity (shown in the summary as "other"). */
export const PRACTICE_NOT_MODELLED = ['TOTAL_N_TRAINEE_NURSE_FTE', 'TOTAL_DPC_TRAINEE_NURSE_ASSOC_FTE', 'TOTAL_DPC_PHARMT_FTE', 'TOTAL_DPC_TRAINEE_PHARMT_FTE',
  'TOTAL_DPC_SPLW_FTE', 'TOTAL_DPC_GPA_FTE', 'TOTAL_DPC_DIETICIAN_FTE', 'TOTAL_DPC_PODIA_FTE', 'TOTAL_DPC_THERA_OCC_FTE', 'TOTAL_DPC_THERA_COU_FTE',
  'TOTAL_DPC_THERA_OTH_FTE', 'TOTAL_DPC_NHS_TALKING_THERA_FTE', 'TOTAL_DPC_DISPENSER_FTE', 'TOTAL_DPC_OST_FTE', 'TOTAL_DPC_OTH_FTE', 'TOTAL_ADMIN_FTE'] as const;

/**
 * PCN file: DETAILED_STAFF_ROLE (or STAFF_ROLE) to the model's role, matched case-insensitively on the
 * role's start. Order matters: "Advanced Nurse Practitioner" before "Nurse". Roles not listed are not
 * modelled as clinical capacity (care co-ordinators, link workers, coaches, managers, directors, ...).
 */
export const PCN_ROLE_PATTERNS: readonly (readonly [RegExp, Role])[] = [
  [/^advanced pharmacist/i, 'pharmacist'],
  [/^pharmacists?$/i, 'pharmacist'],
  [/^clinical pharmacist/i, 'pharmacist'],
  [/^advanced physiotherapist/i, 'physio'],
  [/^(first contact )?physiotherapists?$/i, 'physio'],
  [/^advanced paramedic/i, 'paramedic'],
  [/^paramedics?$/i, 'paramedic'],
  [/^physician associates?$/i, 'pa'],
  [/^advanced nurse practitioners?$/i, 'anp'],
  [/^nursing associates?$/i, 'nurse'],
  [/^(practice )?nurses?$/i, 'nurse'],
  [/^salaried by pcn$|^salaried gps?$/i, 'gp'],
];

export function pcnRole(staffRole: string, detailed: string): Role | null {
  for (const [re, role] of PCN_ROLE_PATTERNS) if (re.test(detailed.trim()) || re.test(staffRole.trim())) return role;
  return null;
}
