// The workstation's own first account (set up with no practice server): nobody checks its password
// but this workstation, so it must not be trivially short. One rule for the form and the core.

/** The shortest password the workstation's own first account may have. */
export const MIN_SETUP_PASSWORD = 8;

/** Long enough, in characters as a person counts them (é is one). */
export const longEnoughForSetUp = (password: string): boolean => [...password].length >= MIN_SETUP_PASSWORD;
