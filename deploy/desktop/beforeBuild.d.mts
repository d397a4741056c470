export const STAGE_MARKER: string;
export function beforeBuild(context: { appDir: string }): Promise<boolean>;
export default beforeBuild;
