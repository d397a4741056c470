/** Types of scripts/workerEntries.mjs, for the build configs written in TypeScript. */
export declare const RENDERER_DIR: string;
export declare function findWorkerSources(dir?: string): string[];
export declare function nodeWorkerEntries(dir?: string): Record<string, string>;
