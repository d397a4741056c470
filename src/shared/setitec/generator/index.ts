/** Seeded synthetic Setitec generator: public surface. */
export { generateSetitec, programHeader, datasHeader, datasValueCount, TORQUE_QUANTUM, THRUST_QUANTUM, POSITION_QUANTUM } from './generate';
export type { GenerateOptions, GeneratedExpected, GeneratedSetitec, ExpectedSegment } from './generate';
export { FAMILIES, VERSIONS, defaultFamily, identityFor, planFamily } from './families';
export type { Family, SetitecVersion, StepEnd, FamilyStep, FamilyPlan, Geometry, Identity } from './families';
export { encodeLatin1, decodeLatin1, printNumber, fixed, quantise, controllerDate } from './format';
export { createRng, mulberry32, hashString } from './prng';
export type { Rng } from './prng';
export { generateCorpus } from './corpus';
export type { CorpusFile, CorpusOptions } from './corpus';
