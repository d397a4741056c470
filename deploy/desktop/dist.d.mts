export const STAGED_PATHS: string[];
export function stageApp(repoDir: string, stageDir: string): void;
