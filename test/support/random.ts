/** Seeded PRNG (mulberry32): the same seed gives the same sequence on every run. */
export { seededRandom as prng } from '../../src/shared/random';
