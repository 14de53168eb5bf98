/** Items of Rolegate itself (the master-key check, bootstrap state, the organization index) live under account '*'. */
export const GLOBAL = '*';
